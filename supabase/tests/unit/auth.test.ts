import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyAccessToken } from "../../functions/_shared/auth.ts";
import { ApiError } from "../../functions/_shared/errors.ts";

const SECRET = "unit-test-jwt-secret-of-at-least-32-bytes";
const URL_ = "http://127.0.0.1:1";

function token(claims: Record<string, unknown>, exp: number, secret = SECRET): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(`${URL_}/auth/v1`)
    .setAudience("authenticated")
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (e) {
    return (e as ApiError).code;
  }
  return undefined;
}

describe("verifyAccessToken", () => {
  beforeAll(() => {
    vi.stubEnv("SUPABASE_JWT_SECRET", SECRET);
    vi.stubEnv("SUPABASE_URL", URL_);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });
  const now = () => Math.floor(Date.now() / 1000);
  const user = { role: "authenticated", sub: "7f1c5f0e-0000-4000-8000-000000000001" };

  it("returns the claims of a valid token, the second time too", async () => {
    const jwt = await token(user, now() + 60);
    expect((await verifyAccessToken(jwt)).sub).toBe(user.sub);
    expect((await verifyAccessToken(jwt)).sub).toBe(user.sub);
  });

  it("refuses a token once its exp has passed, even after it was accepted", async () => {
    const jwt = await token(user, now() + 30);
    expect((await verifyAccessToken(jwt)).sub).toBe(user.sub);
    vi.useFakeTimers({ now: Date.now() + 31_000, toFake: ["Date"] });
    expect(await codeOf(verifyAccessToken(jwt))).toBe("UNAUTHORIZED");
    vi.useRealTimers();
  });

  it("refuses a token whose signature differs from an accepted one", async () => {
    const exp = now() + 60;
    const good = await token(user, exp);
    await verifyAccessToken(good);
    const forged = await token(user, exp, "another-secret-of-at-least-32-bytes!!");
    expect(forged).not.toBe(good);
    expect(await codeOf(verifyAccessToken(forged))).toBe("UNAUTHORIZED");
  });

  it("refuses anything that is not a user token", async () => {
    expect(await codeOf(verifyAccessToken(undefined))).toBe("UNAUTHORIZED");
    expect(await codeOf(verifyAccessToken(await token({ role: "anon" }, now() + 60)))).toBe("UNAUTHORIZED");
    expect(await codeOf(verifyAccessToken("not.a.jwt"))).toBe("UNAUTHORIZED");
  });

  it("hands out claims nobody can alter for the next request", async () => {
    const jwt = await token(user, now() + 60);
    const claims = await verifyAccessToken(jwt);
    expect(() => {
      (claims as { sub: string }).sub = "someone-else";
    }).toThrow();
    expect((await verifyAccessToken(jwt)).sub).toBe(user.sub);
  });
});
