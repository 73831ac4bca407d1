/**
 * Contract test of the GoTrue-compatible auth emulator (DESIGN.md "The local
 * stack", auth): a real PostgreSQL with the shim, the emulator on a real port,
 * driven by the real supabase-js client, its tokens checked with jose as our
 * Edge Functions check them.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthHandler } from "../local/auth/handler.ts";
import { loadOrCreateSigningKey, mintApiKey, SIGNING_KEY_FILE, type SigningKey } from "../local/auth/keys.ts";
import { serveWithFetch } from "../local/http.ts";
import { startTempPostgres, type TempPostgres } from "./support/postgres-server.ts";

const shim = readFileSync(new URL("../local/sql/shim.sql", import.meta.url), "utf8");

// Stands in for our migration's profile trigger: a taken username fails the insert.
const profileTrigger = `
  create table public.profiles (id uuid primary key, username text not null unique);
  create function public.on_auth_user_created() returns trigger language plpgsql as $$
  begin
    insert into public.profiles (id, username) values (new.id, new.raw_user_meta_data->>'username');
    return new;
  end $$;
  create trigger on_auth_user_created after insert on auth.users
    for each row execute function public.on_auth_user_created();`;

let pg: TempPostgres;
let sql: postgres.Sql;
let server: Server;
let dataDir: string;
let key: SigningKey;
let url: string;
let anonKey: string;
let handler: (req: Request) => Promise<Response>;

// supabase-js builds a realtime client eagerly and, on Node 20 (no global
// WebSocket), throws unless given a transport; auth never opens a socket.
class NoWebSocket {
  constructor() {
    throw new Error("realtime is not used here");
  }
}

function client(): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoWebSocket as never },
  });
}

/** A call straight to the handler, as supabase-js would send it unless `legacy`. */
function call(path: string, init: { method?: string; body?: unknown; token?: string; legacy?: boolean } = {}) {
  const headers: Record<string, string> = { apikey: anonKey, "content-type": "application/json" };
  if (!init.legacy) headers["x-supabase-api-version"] = "2024-01-01";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  return handler(
    new Request(`${url}/auth/v1${path}`, {
      method: init.method ?? "POST",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
}

beforeAll(async () => {
  pg = await startTempPostgres();
  sql = postgres(pg.url, { prepare: false, max: 4, onnotice: () => {} });
  await sql.unsafe(shim).simple();
  await sql.unsafe(profileTrigger).simple();
  dataDir = mkdtempSync(join(tmpdir(), "auth-emulator-"));
  key = await loadOrCreateSigningKey(dataDir);
  anonKey = await mintApiKey(key, "anon");

  server = createServer((req, res) => {
    serveWithFetch(handler, req, res, url).catch(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // Reuse interval 0 makes a replayed token fail at once; the default (10 s) is tested below.
  handler = createAuthHandler({ sql, issuer: `${url}/auth/v1`, key, refreshTokenReuseIntervalSeconds: 0 });
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sql?.end({ timeout: 1 });
  pg?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("signing key and JWKS", () => {
  it("persists the key (0600) and reloads the same kid", async () => {
    expect(statSync(join(dataDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateSigningKey(dataDir)).kid).toBe(key.kid);
  });

  it("publishes the public key without apikey", async () => {
    const res = await fetch(`${url}/auth/v1/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", kid: key.kid, alg: "ES256", use: "sig", key_ops: ["verify"] });
    expect(keys[0]).not.toHaveProperty("d");
  });

  it("mints API keys carrying their role", async () => {
    expect(decodeJwt(anonKey)).toMatchObject({ role: "anon", iss: "supabase-demo" });
    expect(decodeJwt(await mintApiKey(key, "service_role")).role).toBe("service_role");
  });
});

describe("gateway", () => {
  it("refuses requests without a valid API key", async () => {
    const missing = await fetch(`${url}/auth/v1/user`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: "No API key found in request" });
    const forged = await fetch(`${url}/auth/v1/user`, { headers: { apikey: "not-a-key" } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ message: "Invalid API key" });
  });

  it("answers CORS preflights", async () => {
    const res = await fetch(`${url}/auth/v1/token?grant_type=password`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "apikey,content-type,x-client-info",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("access-control-allow-headers")).toBe("apikey,content-type,x-client-info");
  });
});

describe("signup and password login", () => {
  it("signs up with a session whose token verifies against the JWKS with GoTrue's claims", async () => {
    const { data, error } = await client().auth.signUp({
      email: "Alice@Example.com",
      password: "correct horse",
      options: { data: { username: "alice" } },
    });
    expect(error).toBeNull();
    const session = data.session!;
    expect(session).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(session.refresh_token.length).toBeGreaterThanOrEqual(32);
    expect(data.user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email: "alice@example.com",
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { username: "alice", email_verified: true },
      identities: [],
      is_anonymous: false,
    });
    expect(data.user!.email_confirmed_at).toBeTruthy();

    const jwks = createRemoteJWKSet(new URL(`${url}/auth/v1/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(session.access_token, jwks, {
      issuer: `${url}/auth/v1`,
      audience: "authenticated",
    });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: key.kid, typ: "JWT" });
    expect(payload).toMatchObject({
      sub: data.user!.id,
      email: "alice@example.com",
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { username: "alice" },
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: expect.any(Number) }],
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      is_anonymous: false,
    });
    expect(payload.exp! - payload.iat!).toBe(3600);

    const [profile] = await sql`select username from public.profiles where id = ${data.user!.id}`;
    expect(profile?.username).toBe("alice");
  });

  it("refuses a second signup with the same email, whatever its case", async () => {
    const { error } = await client().auth.signUp({ email: "ALICE@example.com", password: "another pass" });
    expect(error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });
  });

  it("rejects weak passwords and invalid emails", async () => {
    const weak = await client().auth.signUp({ email: "bob@example.com", password: "12345" });
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });
    const invalid = await client().auth.signUp({ email: "not-an-email", password: "long enough" });
    expect(invalid.error).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("answers a failing user trigger with GoTrue's 500 and keeps no user", async () => {
    const res = await call("/signup", { body: { email: "mallory@example.com", password: "secret!!", data: { username: "alice" } } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: "unexpected_failure", message: "Database error saving new user" });
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int as count from auth.users where email = 'mallory@example.com'`;
    expect(row?.count).toBe(0);

    // Without an API version GoTrue passes such Postgres errors through (utilities.NewPostgresError).
    const legacy = await call("/signup", {
      legacy: true,
      body: { email: "mallory@example.com", password: "secret!!", data: { username: "alice" } },
    });
    expect(legacy.status).toBe(500);
    expect(await legacy.json()).toMatchObject({ code: "23505", message: expect.stringContaining("profiles_username_key") });
  });

  it("signs in with the password and refuses wrong credentials", async () => {
    const ok = await client().auth.signInWithPassword({ email: "alice@example.com", password: "correct horse" });
    expect(ok.error).toBeNull();
    expect(ok.data.user?.last_sign_in_at).toBeTruthy();
    const wrong = await client().auth.signInWithPassword({ email: "alice@example.com", password: "wrong horse" });
    expect(wrong.error).toMatchObject({ status: 400, code: "invalid_credentials", message: "Invalid login credentials" });
    const unknown = await client().auth.signInWithPassword({ email: "nobody@example.com", password: "whatever" });
    expect(unknown.error).toMatchObject({ status: 400, code: "invalid_credentials" });
  });

  it("uses the legacy error shape for clients without an API version", async () => {
    const res = await call("/token?grant_type=password", { legacy: true, body: { email: "alice@example.com", password: "nope" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
  });
});

describe("sessions", () => {
  async function signIn() {
    const { data, error } = await client().auth.signInWithPassword({ email: "alice@example.com", password: "correct horse" });
    expect(error).toBeNull();
    return data.session!;
  }

  it("rotates refresh tokens and revokes the session when an old one is replayed", async () => {
    const first = await signIn();
    const second = (await client().auth.refreshSession({ refresh_token: first.refresh_token })).data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).session_id).toBe(decodeJwt(first.access_token).session_id);

    // GoTrue hands a client that lost the answer the current token again.
    const retried = await client().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(retried.data.session?.refresh_token).toBe(second.refresh_token);

    const third = (await client().auth.refreshSession({ refresh_token: second.refresh_token })).data.session!;
    const replay = await client().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(replay.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });
    const afterReplay = await client().auth.refreshSession({ refresh_token: third.refresh_token });
    expect(afterReplay.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });
  });

  it("lets an old token fork within the default reuse interval", async () => {
    const lenient = createAuthHandler({ sql, issuer: `${url}/auth/v1`, key });
    const refresh = (token: string) =>
      lenient(
        new Request(`${url}/auth/v1/token?grant_type=refresh_token`, {
          method: "POST",
          headers: { apikey: anonKey, "content-type": "application/json" },
          body: JSON.stringify({ refresh_token: token }),
        }),
      );
    const first = await signIn();
    const second = (await (await refresh(first.refresh_token)).json()) as { refresh_token: string };
    await refresh(second.refresh_token);
    const forked = await refresh(first.refresh_token);
    expect(forked.status).toBe(200);
  });

  it("refuses unknown and malformed refresh tokens", async () => {
    const unknown = await client().auth.refreshSession({ refresh_token: "x".repeat(43) });
    expect(unknown.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const short = await client().auth.refreshSession({ refresh_token: "short" });
    expect(short.error).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("returns the user for a valid access token and bad_jwt otherwise", async () => {
    const session = await signIn();
    const { data, error } = await client().auth.getUser(session.access_token);
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: session.user.id, email: "alice@example.com" });
    const forged = await call("/user", { method: "GET", token: `${session.access_token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: "bad_jwt" });
  });

  it("signs out: refresh tokens die and the access token's session is gone", async () => {
    const auth = client().auth;
    const { data } = await auth.signInWithPassword({ email: "alice@example.com", password: "correct horse" });
    const session = data.session!;
    expect((await auth.signOut()).error).toBeNull();

    const refreshed = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const user = await call("/user", { method: "GET", token: session.access_token });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ code: "session_not_found" });
  });

  it("logs out only the current session with scope=local", async () => {
    const mine = await signIn();
    const other = await signIn();
    const res = await call("/logout?scope=local", { token: mine.access_token });
    expect(res.status).toBe(204);
    expect((await client().auth.refreshSession({ refresh_token: mine.refresh_token })).error?.code).toBe("refresh_token_not_found");
    expect((await client().auth.refreshSession({ refresh_token: other.refresh_token })).error).toBeNull();
    expect(decodeProtectedHeader(other.access_token).kid).toBe(key.kid);
  });
});
