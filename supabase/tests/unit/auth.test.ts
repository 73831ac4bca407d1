/**
 * verifyAccessToken against the local auth emulator in both JWT modes, with
 * only what hosted Supabase gives a function: SUPABASE_URL, the API keys and
 * SUPABASE_JWKS. The emulator runs on an embedded PGlite with the Supabase
 * shim; a counter in front of it shows when the verifier asks Auth.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyAccessToken } from "../../functions/_shared/auth.ts";
import { ApiError } from "../../functions/_shared/errors.ts";
import { createAuthHandler } from "../../local/auth/handler.ts";
import { loadJwtKeys, mintApiKey, newOpaqueApiKeys, type JwtKeys } from "../../local/auth/keys.ts";
import { loadAuthSettings } from "../../local/config.ts";
import { serveWithFetch } from "../../local/http.ts";
import { servePglite, type PgliteServer } from "../../local/pglite-server.ts";
import { SUITE_AUTH, writeConfig } from "../support/platform.ts";

const shim = readFileSync(new URL("../../local/sql/shim.sql", import.meta.url), "utf8");

// Deno, where the functions run, has a global WebSocket; supabase-js's realtime
// client wants one when a client is built, even though Auth calls never open a socket.
class NoWebSocket {
  constructor() {
    throw new Error("realtime is not used here");
  }
}

/** One emulator: its public URL (the tokens' issuer), the calls it received by path, its keys. */
interface Emulator {
  origin: string;
  calls: string[];
  keys: JwtKeys;
  anonKey: string;
  secretKey: string;
  down: boolean;
  server: Server;
}

let dir: string;
let db: PGlite;
let wire: PgliteServer;
let sql: postgres.Sql;

async function startEmulator(jwt: "hs256" | "asymmetric"): Promise<Emulator> {
  const settings = loadAuthSettings(await writeConfig(mkdtempSync(join(dir, `${jwt}-`)), { jwt, auth: SUITE_AUTH }), {});
  const keys = await loadJwtKeys(settings);
  const apiKeys = newOpaqueApiKeys();
  const emulator = { calls: [] as string[], keys, down: false, secretKey: apiKeys.secret } as Emulator;
  let handle: (req: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  emulator.server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    emulator.calls.push(path);
    if (emulator.down) {
      res.writeHead(503).end();
      return;
    }
    serveWithFetch(handle, req, res, emulator.origin).catch(() => res.end());
  });
  await new Promise<void>((resolve) => emulator.server.listen(0, "127.0.0.1", resolve));
  const address = emulator.server.address();
  emulator.origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  handle = createAuthHandler({ sql, issuer: `${emulator.origin}/auth/v1`, keys, settings: { ...settings, siteUrl: emulator.origin }, apiKeys, log: () => {} });
  emulator.anonKey = await mintApiKey(keys, "anon");
  return emulator;
}

/** The environment hosted Supabase gives a function of this project. */
function functionEnv(emulator: Emulator, overrides: Record<string, string | undefined> = {}) {
  vi.unstubAllEnvs();
  const env: Record<string, string | undefined> = {
    SUPABASE_URL: emulator.origin,
    SUPABASE_ANON_KEY: emulator.anonKey,
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: emulator.secretKey }),
    SUPABASE_JWKS: JSON.stringify(emulator.keys.jwks),
    SKILLS_PUBLIC_URL: undefined,
    ...overrides,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value ?? "");
}

async function auth(emulator: Emulator, path: string, init: { body?: unknown; token?: string } = {}) {
  const res = await fetch(`${emulator.origin}/auth/v1${path}`, {
    method: "POST",
    headers: {
      apikey: emulator.anonKey,
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>) };
}

/** A new user's access token from the emulator (confirmations are off). */
async function signUp(emulator: Emulator): Promise<string> {
  const { status, body } = await auth(emulator, "/signup", {
    body: { email: `${crypto.randomUUID()}@example.com`, password: "correct horse battery" },
  });
  expect(status).toBe(200);
  return body!.access_token as string;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (e) {
    return (e as ApiError).code;
  }
  return undefined;
}

const countOf = (emulator: Emulator, path: string) => emulator.calls.filter((p) => p === `/auth/v1${path}`).length;

beforeAll(async () => {
  vi.stubGlobal("WebSocket", NoWebSocket);
  dir = mkdtempSync(join(tmpdir(), "auth-verify-"));
  db = await PGlite.create();
  await db.exec(shim);
  wire = await servePglite(db);
  sql = postgres(`postgres://postgres:postgres@127.0.0.1:${wire.port}/postgres`, { prepare: false, max: 2, onnotice: () => {} });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  await sql?.end({ timeout: 1 });
  await wire?.stop();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("asymmetric signing keys", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator("asymmetric");
  });
  afterAll(() => new Promise<void>((resolve) => emulator.server.close(() => resolve())));
  beforeEach(() => functionEnv(emulator));

  it("verifies a session token by its signature against SUPABASE_JWKS, asking Auth nothing", async () => {
    const token = await signUp(emulator);
    const before = emulator.calls.length;
    const claims = await verifyAccessToken(token);
    expect(claims).toMatchObject({ role: "authenticated", aud: "authenticated", iss: `${emulator.origin}/auth/v1` });
    expect((await verifyAccessToken(token)).sub).toBe(claims.sub);
    expect(emulator.calls.length).toBe(before);
  });

  it("fetches the JWKS when the runtime gives none, once for many tokens", async () => {
    functionEnv(emulator, { SUPABASE_JWKS: undefined });
    const tokens = [await signUp(emulator), await signUp(emulator)];
    const before = countOf(emulator, "/.well-known/jwks.json");
    for (const token of tokens) expect((await verifyAccessToken(token)).role).toBe("authenticated");
    expect(countOf(emulator, "/.well-known/jwks.json") - before).toBe(1);
    expect(countOf(emulator, "/user")).toBe(0);
  });

  it("finds a key rotated in since SUPABASE_JWKS was read in the project's JWKS", async () => {
    const { publicKey } = await generateKeyPair("ES256");
    const stale = { keys: [{ ...(await exportJWK(publicKey)), kid: "retired", alg: "ES256" }] };
    functionEnv(emulator, { SUPABASE_JWKS: JSON.stringify(stale) });
    const token = await signUp(emulator);
    const [users, fetches] = [countOf(emulator, "/user"), countOf(emulator, "/.well-known/jwks.json")];
    expect((await verifyAccessToken(token)).role).toBe("authenticated");
    expect(countOf(emulator, "/.well-known/jwks.json") - fetches).toBe(1);
    expect(countOf(emulator, "/user")).toBe(users);
  });

  it("refuses a token signed by a key the project does not have, after asking Auth", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ role: "authenticated", sub: crypto.randomUUID(), session_id: crypto.randomUUID() })
      .setProtectedHeader({ alg: "ES256", kid: "not-ours", typ: "JWT" })
      .setIssuer(`${emulator.origin}/auth/v1`)
      .setAudience("authenticated")
      .setExpirationTime(now + 600)
      .sign(privateKey);
    const before = countOf(emulator, "/user");
    expect(await codeOf(verifyAccessToken(forged))).toBe("UNAUTHORIZED");
    expect(countOf(emulator, "/user") - before).toBe(1);
  });

  it("refuses a token once its exp has passed, even after it was accepted", async () => {
    const token = await signUp(emulator);
    await verifyAccessToken(token);
    vi.useFakeTimers({ now: Date.now() + 3601_000, toFake: ["Date"] });
    try {
      expect(await codeOf(verifyAccessToken(token))).toBe("UNAUTHORIZED");
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses tokens of another issuer, API keys and garbage", async () => {
    const token = await signUp(emulator);
    // Auth still answers at SUPABASE_URL, but neither it nor the public URL is the token's issuer.
    functionEnv(emulator, { SUPABASE_URL: emulator.origin.replace("127.0.0.1", "localhost"), SKILLS_PUBLIC_URL: "https://skills.example.com" });
    expect(await codeOf(verifyAccessToken(token))).toBe("UNAUTHORIZED");
    functionEnv(emulator);
    expect(await codeOf(verifyAccessToken(emulator.anonKey))).toBe("UNAUTHORIZED");
    expect(await codeOf(verifyAccessToken(undefined))).toBe("UNAUTHORIZED");
    expect(await codeOf(verifyAccessToken("not.a.jwt"))).toBe("UNAUTHORIZED");
  });

  it("accepts the project URL's issuer under a custom domain, as hosted Auth keeps issuing it", async () => {
    const token = await signUp(emulator);
    functionEnv(emulator, { SKILLS_PUBLIC_URL: "https://skills.example.com" });
    expect((await verifyAccessToken(token)).iss).toBe(`${emulator.origin}/auth/v1`);
  });

  it("checks the issuer against the public URL while calling Auth at SUPABASE_URL", async () => {
    const token = await signUp(emulator);
    const internal = emulator.origin.replace("127.0.0.1", "localhost");
    functionEnv(emulator, { SUPABASE_URL: internal, SUPABASE_JWKS: undefined, SKILLS_PUBLIC_URL: emulator.origin });
    expect((await verifyAccessToken(token)).role).toBe("authenticated");
  });

  it("answers 503, not 401, when the JWKS cannot be fetched", async () => {
    const token = await signUp(emulator);
    functionEnv(emulator, { SUPABASE_URL: "http://127.0.0.1:9", SUPABASE_JWKS: undefined });
    expect(await codeOf(verifyAccessToken(token))).toBe("UNAVAILABLE");
  });

  it("hands out claims nobody can alter for the next request", async () => {
    const token = await signUp(emulator);
    const claims = await verifyAccessToken(token);
    expect(() => {
      (claims as { sub: string }).sub = "someone-else";
    }).toThrow();
    expect((await verifyAccessToken(token)).sub).toBe(claims.sub);
  });
});

describe("legacy HS256 secret (empty JWKS)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator("hs256");
  });
  afterAll(() => new Promise<void>((resolve) => emulator.server.close(() => resolve())));
  beforeEach(() => functionEnv(emulator));

  it("the runtime's JWKS is empty, as a legacy project's", () => {
    expect(emulator.keys.jwks).toEqual({ keys: [] });
  });

  it("verifies a session token by asking Auth", async () => {
    const token = await signUp(emulator);
    const before = countOf(emulator, "/user");
    const claims = await verifyAccessToken(token);
    expect(claims).toMatchObject({ role: "authenticated", iss: `${emulator.origin}/auth/v1` });
    expect(countOf(emulator, "/user") - before).toBe(1);
  });

  it("refuses a token at once after its session logged out, though it was accepted before", async () => {
    const token = await signUp(emulator);
    expect((await verifyAccessToken(token)).role).toBe("authenticated");
    expect((await auth(emulator, "/logout", { token })).status).toBe(204);
    expect(await codeOf(verifyAccessToken(token))).toBe("UNAUTHORIZED");
    expect(await codeOf(verifyAccessToken(token))).toBe("UNAUTHORIZED");
  });

  it("refuses a token signed with another secret", async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ role: "authenticated", sub: crypto.randomUUID() })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(`${emulator.origin}/auth/v1`)
      .setAudience("authenticated")
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode("another-secret-of-at-least-32-characters"));
    expect(await codeOf(verifyAccessToken(forged))).toBe("UNAUTHORIZED");
  });

  it("refuses an expired token or another issuer's without asking Auth", async () => {
    const token = await signUp(emulator);
    const before = countOf(emulator, "/user");
    functionEnv(emulator, { SUPABASE_URL: emulator.origin.replace("127.0.0.1", "localhost"), SKILLS_PUBLIC_URL: "https://skills.example.com" });
    expect(await codeOf(verifyAccessToken(token))).toBe("UNAUTHORIZED");
    functionEnv(emulator);
    vi.useFakeTimers({ now: Date.now() + 3601_000, toFake: ["Date"] });
    try {
      expect(await codeOf(verifyAccessToken(token))).toBe("UNAUTHORIZED");
    } finally {
      vi.useRealTimers();
    }
    expect(countOf(emulator, "/user")).toBe(before);
  });

  it("answers 503, not 401, when Auth does not answer", async () => {
    const token = await signUp(emulator);
    emulator.down = true;
    try {
      expect(await codeOf(verifyAccessToken(token))).toBe("UNAVAILABLE");
    } finally {
      emulator.down = false;
    }
    expect((await verifyAccessToken(token)).role).toBe("authenticated");
  });
});
