/**
 * How the functions read Supabase Auth's answers (_shared/accounts.ts,
 * _shared/supabase-auth.ts), against a stand-in Auth that answers what GoTrue
 * answers: only a definitive refusal of a refresh token ends a session, a 429
 * or a busy Auth is temporary, and the caller's address reaches Auth only as
 * `Sb-Forwarded-For` beside the secret key. (The emulator cannot be made to
 * answer a 409 or to refuse for every reason GoTrue has.)
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refresh, signIn } from "../../functions/_shared/accounts.ts";
import { ApiError } from "../../functions/_shared/errors.ts";
import { callerAddress } from "../../functions/_shared/supabase-auth.ts";

// Node 20 has no WebSocket; supabase-js's realtime client wants one when a client is built.
(globalThis as { WebSocket?: unknown }).WebSocket ??= class {
  constructor() {
    throw new Error("realtime is not used here");
  }
};

let server: Server;
let answer: { status: number; body: unknown };
let seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(answer.status, { "content-type": "application/json", "x-supabase-api-version": "2024-01-01" });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.SUPABASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.SUPABASE_ANON_KEY = "anon-key";
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  delete process.env.SUPABASE_SECRET_KEYS;
});

const goTrueError = (status: number, code: string, message: string) => ({ status, body: { code, error_code: code, msg: message, message } });

describe("refresh", () => {
  it.each([
    ["refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"],
    ["refresh_token_already_used", "Invalid Refresh Token: Already Used"],
    ["session_not_found", "Invalid Refresh Token: No Valid Session Found"],
    ["session_expired", "Invalid Refresh Token: Session Expired"],
    ["user_banned", "Invalid Refresh Token: User Banned"],
  ])("Auth's %s ends the session (null)", async (code, message) => {
    answer = goTrueError(400, code, message);
    expect(await refresh("a-refresh-token")).toBeNull();
  });

  it("a 429 is RATE_LIMITED with the 5-minute window", async () => {
    answer = goTrueError(429, "over_request_rate_limit", "Request rate limit reached");
    const error = await refresh("a-refresh-token").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, retryAfter: 300 });
  });

  it("a concurrent refresh of the same token (409) is temporary, not a refusal", async () => {
    answer = goTrueError(409, "conflict", "Too many concurrent token refresh requests on the same session or refresh token");
    await expect(refresh("a-refresh-token")).rejects.toMatchObject({ code: "UNAVAILABLE", status: 503 });
  });
});

describe("sign-in", () => {
  it("names an unconfirmed email only as Auth does, after a correct password", async () => {
    answer = goTrueError(400, "email_not_confirmed", "Email not confirmed");
    await expect(signIn("a@example.test", "pw")).rejects.toMatchObject({ code: "EMAIL_NOT_CONFIRMED", status: 403 });
    answer = goTrueError(400, "invalid_credentials", "Invalid login credentials");
    await expect(signIn("a@example.test", "pw")).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Invalid email or password" });
  });

  // GoTrue sends these from signup; every Auth call reads a 429 the same way, and this one needs no database.
  it("the mail interval's remaining seconds become Retry-After; the hourly mail limit waits an hour", async () => {
    answer = goTrueError(429, "over_email_send_rate_limit", "For security purposes, you can only request this after 42 seconds.");
    await expect(signIn("a@example.test", "pw")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfter: 42,
      message: "Too many confirmation emails were requested; try again in about 42 seconds.",
    });
    answer = goTrueError(429, "over_email_send_rate_limit", "email rate limit exceeded");
    await expect(signIn("a@example.test", "pw")).rejects.toMatchObject({ retryAfter: 3600 });
  });
});

describe("the caller's address", () => {
  it("is taken from CF-Connecting-IP only, and only when it is an IP address", () => {
    expect(callerAddress(new Headers({ "cf-connecting-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.1" }))).toBe("203.0.113.7");
    expect(callerAddress(new Headers({ "cf-connecting-ip": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(callerAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBeUndefined();
    expect(callerAddress(new Headers({ "cf-connecting-ip": "not-an-ip" }))).toBeUndefined();
  });

  it("reaches Auth as Sb-Forwarded-For with the secret key, and not at all with the anon key", async () => {
    answer = goTrueError(400, "invalid_credentials", "Invalid login credentials");
    await signIn("a@example.test", "pw", "203.0.113.7").catch(() => {});
    expect(seen[0]).toMatchObject({ apikey: "anon-key" });
    expect(seen[0]!["sb-forwarded-for"]).toBeUndefined();

    process.env.SUPABASE_SECRET_KEYS = JSON.stringify({ default: "sb_secret_test" });
    await signIn("a@example.test", "pw", "203.0.113.7").catch(() => {});
    expect(seen[1]).toMatchObject({ apikey: "sb_secret_test", "sb-forwarded-for": "203.0.113.7" });
  });
});
