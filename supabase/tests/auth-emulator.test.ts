/**
 * Contract test of the GoTrue-compatible auth emulator (README "The local
 * platform"): a real PostgreSQL with the shim, the emulator on a real port,
 * driven by the real supabase-js client, its tokens checked with jose as our
 * Edge Functions check them. Settings come from config.toml files written
 * here and read by the platform's loader.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from "jose";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthHandler, type AuthHandlerOptions } from "../local/auth/handler.ts";
import { loadJwtKeys, mintApiKey, newOpaqueApiKeys, type JwtKeys } from "../local/auth/keys.ts";
import { loadAuthSettings } from "../local/config.ts";
import { serveWithFetch } from "../local/http.ts";
import { SUITE_AUTH, writeConfig, type AuthOverrides } from "./support/platform.ts";
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

const SITE = "http://127.0.0.1:3000";

let pg: TempPostgres;
let sql: postgres.Sql;
let server: Server;
let dataDir: string;
let keys: JwtKeys;
let signingKey: JWK;
let sharedConfig: string;
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

type CallInit = { method?: string; body?: unknown; token?: string; legacy?: boolean; apikey?: string; headers?: Record<string, string> };

/** A call straight to a handler (default: the shared one), as supabase-js would send it unless `legacy`. */
function call(path: string, init: CallInit = {}, to: (req: Request) => Promise<Response> = handler) {
  const headers: Record<string, string> = { apikey: init.apikey ?? anonKey, "content-type": "application/json", ...init.headers };
  if (!init.legacy) headers["x-supabase-api-version"] = "2024-01-01";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  return to(
    new Request(`${url}/auth/v1${path}`, {
      method: init.method ?? "POST",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
}

/**
 * An emulator with its own settings (a config.toml written to a temp folder
 * and loaded as the platform loads it) on the shared database.
 */
async function emulator(options: { jwt: "hs256" | "asymmetric"; auth?: AuthOverrides }) {
  const dir = mkdtempSync(join(dataDir, "config-"));
  const settings = loadAuthSettings(await writeConfig(dir, options), { SKILLS_SITE_URL: SITE });
  const emulatorKeys = await loadJwtKeys(settings);
  const apiKeys = newOpaqueApiKeys();
  const logs: string[] = [];
  const opts: AuthHandlerOptions = {
    sql,
    issuer: `${url}/auth/v1`,
    keys: emulatorKeys,
    settings: { ...settings, siteUrl: settings.siteUrl! },
    apiKeys,
    log: (line) => logs.push(line),
  };
  return { handle: createAuthHandler(opts), keys: emulatorKeys, apiKeys, logs, anonKey: await mintApiKey(emulatorKeys, "anon"), dir };
}

beforeAll(async () => {
  pg = await startTempPostgres();
  sql = postgres(pg.url, { prepare: false, max: 4, onnotice: () => {} });
  await sql.unsafe(shim).simple();
  await sql.unsafe(profileTrigger).simple();
  dataDir = mkdtempSync(join(tmpdir(), "auth-emulator-"));

  server = createServer((req, res) => {
    serveWithFetch(handler, req, res, url).catch(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // Reuse interval 0 makes a replayed token fail at once; the default (10 s) is tested below.
  const shared = await emulator({ jwt: "asymmetric", auth: { ...SUITE_AUTH, refresh_token_reuse_interval: 0 } });
  handler = shared.handle;
  keys = shared.keys;
  anonKey = shared.anonKey;
  signingKey = (JSON.parse(readFileSync(join(shared.dir, "signing_keys.json"), "utf8")) as JWK[])[0]!;
  sharedConfig = join(shared.dir, "config.toml");
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sql?.end({ timeout: 1 });
  pg?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("asymmetric signing keys (signing_keys_path) and JWKS", () => {
  it("publishes the public part of the file's key, without apikey", async () => {
    const res = await fetch(`${url}/auth/v1/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const { keys: published } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(published).toEqual([
      {
        kty: "EC",
        crv: "P-256",
        x: signingKey.x,
        y: signingKey.y,
        kid: signingKey.kid,
        alg: "ES256",
        use: "sig",
        key_ops: ["verify"],
        ext: true,
      },
    ]);
  });

  it("mints API keys as the Supabase CLI does, signed by the file's key", async () => {
    expect(decodeProtectedHeader(anonKey)).toEqual({ alg: "ES256", kid: signingKey.kid, typ: "JWT" });
    const claims = decodeJwt(anonKey);
    expect(Object.keys(claims)).toEqual(["iss", "role", "exp"]);
    expect(claims).toMatchObject({ iss: "supabase-demo", role: "anon" });
    expect(claims.exp! - Date.now() / 1000).toBeGreaterThan(9 * 365 * 24 * 3600);
    const jwks = createRemoteJWKSet(new URL(`${url}/auth/v1/.well-known/jwks.json`));
    expect((await jwtVerify(await mintApiKey(keys, "service_role"), jwks)).payload.role).toBe("service_role");
  });

  it("keeps tokens valid across a restart: the keys come from the file", async () => {
    const signedUp = await call("/signup", { body: { email: "restart@example.com", password: "secret!!", data: { username: "restart" } } });
    const { access_token } = (await signedUp.json()) as { access_token: string };
    const settings = loadAuthSettings(sharedConfig, { SKILLS_SITE_URL: SITE });
    const restarted = createAuthHandler({ sql, issuer: `${url}/auth/v1`, keys: await loadJwtKeys(settings), settings: { ...settings, siteUrl: SITE } });
    const res = await call("/user", { method: "GET", token: access_token }, restarted);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: "restart@example.com" });
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
      identities: [
        {
          id: data.user!.id,
          user_id: data.user!.id,
          provider: "email",
          email: "alice@example.com",
          identity_data: { username: "alice", email: "alice@example.com", email_verified: true, sub: data.user!.id },
        },
      ],
      is_anonymous: false,
    });
    expect(data.user!.email_confirmed_at).toBeTruthy();

    const jwks = createRemoteJWKSet(new URL(`${url}/auth/v1/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(session.access_token, jwks, {
      issuer: `${url}/auth/v1`,
      audience: "authenticated",
    });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: signingKey.kid, typ: "JWT" });
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
    // The shipped config.toml leaves refresh_token_reuse_interval at the CLI's default.
    const lenient = await emulator({ jwt: "asymmetric", auth: SUITE_AUTH });
    const refresh = (token: string) =>
      lenient.handle(
        new Request(`${url}/auth/v1/token?grant_type=refresh_token`, {
          method: "POST",
          headers: { apikey: lenient.anonKey, "content-type": "application/json" },
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
    expect(decodeProtectedHeader(other.access_token).kid).toBe(signingKey.kid);
  });
});

describe("HS256 mode (no signing_keys_path)", () => {
  // The Supabase CLI's local anon key for its default JWT secret, as `supabase status` prints it.
  const CLI_ANON_KEY =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

  it("publishes an empty JWKS and signs with the default secret, as a legacy project", async () => {
    const legacy = await emulator({ jwt: "hs256", auth: SUITE_AUTH });
    expect(legacy.anonKey).toBe(CLI_ANON_KEY);
    const jwks = await call("/.well-known/jwks.json", { method: "GET" }, legacy.handle);
    expect(await jwks.json()).toEqual({ keys: [] });

    const signedUp = await call(
      "/signup",
      { apikey: legacy.anonKey, body: { email: "hs256@example.com", password: "secret!!", data: { username: "hs256" } } },
      legacy.handle,
    );
    expect(signedUp.status).toBe(200);
    const { access_token } = (await signedUp.json()) as { access_token: string };
    expect(decodeProtectedHeader(access_token)).toEqual({ alg: "HS256", typ: "JWT" });
    const secret = new TextEncoder().encode("super-secret-jwt-token-with-at-least-32-characters-long");
    const { payload } = await jwtVerify(access_token, secret, { issuer: `${url}/auth/v1`, audience: "authenticated" });
    expect(payload).toMatchObject({ email: "hs256@example.com", role: "authenticated" });
    const user = await call("/user", { method: "GET", apikey: legacy.anonKey, token: access_token }, legacy.handle);
    expect(user.status).toBe(200);
  });

  it("uses [auth] jwt_secret: keys and tokens of another secret are refused", async () => {
    const custom = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, jwt_secret: "another-secret-of-32-characters!!" } });
    expect(custom.anonKey).not.toBe(CLI_ANON_KEY);
    const forged = await call("/user", { method: "GET", apikey: CLI_ANON_KEY }, custom.handle);
    expect(forged.status).toBe(401);
    const { access_token } = (await (
      await call("/token?grant_type=password", { apikey: custom.anonKey, body: { email: "hs256@example.com", password: "secret!!" } }, custom.handle)
    ).json()) as { access_token: string };
    const secret = new TextEncoder().encode("another-secret-of-32-characters!!");
    expect((await jwtVerify(access_token, secret)).payload.email).toBe("hs256@example.com");
    // The asymmetric emulator does not take it: its signature is not by a key it knows.
    const elsewhere = await call("/user", { method: "GET", token: access_token });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.json()).toMatchObject({ code: "bad_jwt" });
  });
});

describe("email confirmation (enable_confirmations = true)", () => {
  let confirming: Awaited<ReturnType<typeof emulator>>;
  const CONFIRM_AUTH: AuthOverrides = {
    ...SUITE_AUTH,
    additional_redirect_urls: ["https://app.example.com/**"],
    email: { enable_confirmations: true, max_frequency: "0s" },
  };
  const as = (init: CallInit = {}) => ({ apikey: confirming.anonKey, ...init });
  const signUp = (email: string, password = "first password", data: Record<string, unknown> = { username: email.split("@")[0] }, query = "") =>
    call(`/signup${query}`, as({ body: { email, password, data } }), confirming.handle);
  const login = (email: string, password = "first password") =>
    call("/token?grant_type=password", as({ body: { email, password } }), confirming.handle);
  const linkFor = (email: string) => {
    const lines = confirming.logs.filter((line) => line.startsWith(`Confirmation link for ${email}: `));
    return lines.at(-1)?.slice(`Confirmation link for ${email}: `.length);
  };
  // As a browser opens a mailed link: no API key (the gateway's /auth/v1/verify route is open).
  const open = (link: string) => confirming.handle(new Request(link));

  beforeAll(async () => {
    confirming = await emulator({ jwt: "asymmetric", auth: CONFIRM_AUTH });
  });

  it("answers a signup with the user and no session, and prints the link instead of mailing it", async () => {
    const res = await signUp("carol@example.com");
    expect(res.status).toBe(200);
    const user = (await res.json()) as Record<string, unknown>;
    expect(user).not.toHaveProperty("access_token");
    expect(user).not.toHaveProperty("email_confirmed_at");
    expect(user).toMatchObject({
      email: "carol@example.com",
      role: "authenticated",
      confirmation_sent_at: expect.any(String),
      user_metadata: { username: "carol", email_verified: false },
    });
    expect(confirming.logs).toHaveLength(1);
    expect(confirming.logs[0]).toMatch(
      new RegExp(`^Confirmation link for carol@example.com: ${url}/auth/v1/verify\\?token=[0-9a-f]{56}&type=signup&redirect_to=${SITE}$`),
    );
  });

  it("refuses a password login before the link is opened, as GoTrue does", async () => {
    const res = await login("carol@example.com");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: "email_not_confirmed", message: "Email not confirmed" });
  });

  it("confirms through the link: a 303 to site_url with the session in the fragment, then login works", async () => {
    const res = await open(linkFor("carol@example.com")!);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${SITE}/`);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect([...fragment.keys()]).toEqual(["access_token", "expires_at", "expires_in", "refresh_token", "sb", "token_type", "type"]);
    expect(fragment.get("type")).toBe("signup");
    const me = await call("/user", as({ method: "GET", token: fragment.get("access_token")! }), confirming.handle);
    expect(await me.json()).toMatchObject({ email: "carol@example.com", email_confirmed_at: expect.any(String), user_metadata: { email_verified: true } });
    expect(decodeJwt(fragment.get("access_token")!).amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);
    expect((await login("carol@example.com")).status).toBe(200);
  });

  it("spends the link: opening it again redirects with GoTrue's error", async () => {
    const res = await open(linkFor("carol@example.com")!);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(Object.fromEntries(new URLSearchParams(location.hash.slice(1)))).toEqual({
      error: "access_denied",
      error_code: "otp_expired",
      error_description: "Email link is invalid or has expired",
      sb: "",
    });
  });

  it("answers a signup of a confirmed email like a new one, changes nothing and sends nothing", async () => {
    const fresh = await signUp("dave@example.com", "first password", { username: "dave" });
    const repeat = await signUp("carol@example.com", "other password", { username: "carol2" });
    expect(repeat.status).toBe(fresh.status);
    const [freshBody, repeatBody] = [(await fresh.json()) as Record<string, unknown>, (await repeat.json()) as Record<string, unknown>];
    expect(Object.keys(repeatBody).sort()).toEqual(Object.keys(freshBody).sort());
    expect(repeatBody).toMatchObject({ email: "carol@example.com", confirmation_sent_at: expect.any(String), user_metadata: { username: "carol2" } });
    // GoTrue's obfuscated user: a made-up id, no identities.
    const [carol] = await sql<{ id: string }[]>`select id from auth.users where email = 'carol@example.com'`;
    expect(repeatBody.id).not.toBe(carol!.id);
    expect(repeatBody.identities).toEqual([]);
    expect(confirming.logs.filter((line) => line.includes("carol@example.com"))).toHaveLength(1);
    expect((await login("carol@example.com", "other password")).status).toBe(400);
    expect((await login("carol@example.com")).status).toBe(200);
  });

  it("re-sends the link to an unconfirmed email and keeps its password; the old link is void", async () => {
    const first = linkFor("dave@example.com")!;
    const again = await signUp("dave@example.com", "new password", { username: "dave" });
    expect(again.status).toBe(200);
    const second = linkFor("dave@example.com")!;
    expect(second).not.toBe(first);
    const stale = await open(first);
    expect(new URLSearchParams(new URL(stale.headers.get("location")!).hash.slice(1)).get("error_code")).toBe("otp_expired");
    expect((await open(second)).status).toBe(303);
    expect((await login("dave@example.com", "new password")).status).toBe(400);
    expect((await login("dave@example.com")).status).toBe(200);
  });

  it("re-sends no sooner than max_frequency", async () => {
    const strict = await emulator({ jwt: "hs256", auth: { ...CONFIRM_AUTH, email: { enable_confirmations: true, max_frequency: "1m" } } });
    const body = { email: "erin@example.com", password: "first password", data: { username: "erin" } };
    expect((await call("/signup", { apikey: strict.anonKey, body }, strict.handle)).status).toBe(200);
    const again = await call("/signup", { apikey: strict.anonKey, body }, strict.handle);
    expect(again.status).toBe(429);
    expect(await again.json()).toEqual({
      code: "over_email_send_rate_limit",
      message: expect.stringMatching(/^For security purposes, you can only request this after (59|60) seconds\.$/),
    });
    expect(strict.logs).toHaveLength(1);
  });

  it("links to an allowed redirect_to, and to site_url instead of one not allowed", async () => {
    await signUp("frank@example.com", "first password", { username: "frank" }, `?redirect_to=${encodeURIComponent("https://app.example.com/welcome")}`);
    expect(linkFor("frank@example.com")).toMatch(/&redirect_to=https:\/\/app.example.com\/welcome$/);
    const res = await open(linkFor("frank@example.com")!);
    expect(res.headers.get("location")).toMatch(/^https:\/\/app\.example\.com\/welcome#access_token=/);

    await signUp("grace@example.com", "first password", { username: "grace" }, `?redirect_to=${encodeURIComponent("https://evil.example.net/")}`);
    expect(linkFor("grace@example.com")).toMatch(new RegExp(`&redirect_to=${SITE}$`));
  });

  it("confirms with POST /verify {type, token_hash} and answers the session as JSON", async () => {
    const tokenHash = new URL(linkFor("grace@example.com")!).searchParams.get("token")!;
    const bad = await call("/verify", as({ body: { type: "signup", token_hash: tokenHash, email: "grace@example.com" } }), confirming.handle);
    expect(bad.status).toBe(400);
    const res = await call("/verify", as({ body: { type: "signup", token_hash: tokenHash } }), confirming.handle);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token_type: "bearer", user: { email: "grace@example.com", email_confirmed_at: expect.any(String) } });
  });

  it("refuses an expired link", async () => {
    await signUp("heidi@example.com", "first password", { username: "heidi" });
    await sql`update auth.users set confirmation_sent_at = now() - interval '2 hours' where email = 'heidi@example.com'`;
    const tokenHash = new URL(linkFor("heidi@example.com")!).searchParams.get("token")!;
    const res = await call("/verify", as({ body: { type: "signup", token_hash: tokenHash } }), confirming.handle);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: "otp_expired", message: "Email link is invalid or has expired" });
    // Under a longer otp_expiry the same link is still good.
    const patient = await emulator({ jwt: "hs256", auth: { ...CONFIRM_AUTH, email: { enable_confirmations: true, otp_expiry: 3 * 3600 } } });
    const later = await call("/verify", { apikey: patient.anonKey, body: { type: "signup", token_hash: tokenHash } }, patient.handle);
    expect(later.status).toBe(200);
  });
});

describe("signup settings", () => {
  it("refuses signups with enable_signup = false, and email signups and logins with [auth.email] enable_signup = false", async () => {
    const closed = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, enable_signup: false } });
    const body = { email: "ivan@example.com", password: "first password" };
    const res = await call("/signup", { apikey: closed.anonKey, body }, closed.handle);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ code: "signup_disabled", message: "Signups not allowed for this instance" });

    const noEmail = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, email: { enable_signup: false } } });
    const signup = await call("/signup", { apikey: noEmail.anonKey, body }, noEmail.handle);
    expect(await signup.json()).toEqual({ code: "email_provider_disabled", message: "Email signups are disabled" });
    const login = await call("/token?grant_type=password", { apikey: noEmail.anonKey, body }, noEmail.handle);
    expect(login.status).toBe(422);
  });

  it("issues access tokens for jwt_expiry seconds", async () => {
    const short = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, jwt_expiry: 120 } });
    const res = await call(
      "/signup",
      { apikey: short.anonKey, body: { email: "judy@example.com", password: "first password", data: { username: "judy" } } },
      short.handle,
    );
    const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
    expect(expires_in).toBe(120);
    const { exp, iat } = decodeJwt(access_token);
    expect(exp! - iat!).toBe(120);
  });
});

describe("rate limits ([auth.rate_limit], per client address)", () => {
  // GoTrue's buckets hold 30 and refill at the configured number per 5 minutes: with 1, the 31st request fails.
  const SMALL = { sign_in_sign_ups: 1, token_refresh: 1, token_verifications: 1, email_sent: 2 };
  const weak = { email: "limit@example.com", password: "short" };
  const from = (address: string, extra: Record<string, string> = {}) => ({ "x-forwarded-for": address, ...extra });

  async function drain(send: () => Promise<Response>): Promise<Response[]> {
    const answers: Response[] = [];
    for (let i = 0; i < 31; i++) answers.push(await send());
    return answers;
  }

  it("answers the 31st sign-up from one address with 429; another address is not limited", async () => {
    const limited = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, rate_limit: SMALL } });
    const send = (address: string) => call("/signup", { apikey: limited.anonKey, body: weak, headers: from(address) }, limited.handle);
    const answers = await drain(() => send("203.0.113.7"));
    expect(answers.slice(0, 30).map((r) => r.status)).toEqual(Array(30).fill(422));
    expect(answers[30]!.status).toBe(429);
    expect(await answers[30]!.json()).toEqual({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    expect((await send("203.0.113.8")).status).toBe(422);
    // The legacy shape, for clients without an API version.
    const legacy = await call("/signup", { apikey: limited.anonKey, body: weak, headers: from("203.0.113.7"), legacy: true }, limited.handle);
    expect(await legacy.json()).toEqual({ code: 429, error_code: "over_request_rate_limit", msg: "Request rate limit reached" });
  });

  it("keys on Sb-Forwarded-For only for a secret API key", async () => {
    const limited = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, rate_limit: SMALL } });
    const send = (apikey: string, forwarded: string) =>
      call("/signup", { apikey, body: weak, headers: from("127.0.0.1", { "sb-forwarded-for": forwarded }) }, limited.handle);
    const answers = await drain(() => send(limited.apiKeys.secret, "198.51.100.1"));
    expect(answers[30]!.status).toBe(429);
    // Same server address, another end user: its own bucket.
    expect((await send(limited.apiKeys.secret, "198.51.100.2")).status).toBe(422);
    // With the anon or publishable key the header is ignored: the server's own address is the key.
    const anon = await drain(() => send(limited.anonKey, `198.51.100.${Math.floor(Math.random() * 200) + 3}`));
    expect(anon[30]!.status).toBe(429);
    expect((await send(limited.apiKeys.publishable, "198.51.100.250")).status).toBe(429);
  });

  it("limits password and refresh-token grants together (token_refresh)", async () => {
    const limited = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, rate_limit: SMALL } });
    const headers = from("203.0.113.20");
    const logins = await drain(() =>
      call("/token?grant_type=password", { apikey: limited.anonKey, body: { email: "nobody@example.com", password: "x" }, headers }, limited.handle),
    );
    expect(logins.slice(0, 30).every((r) => r.status === 400)).toBe(true);
    expect(logins[30]!.status).toBe(429);
    const refresh = await call("/token?grant_type=refresh_token", { apikey: limited.anonKey, body: { refresh_token: "x".repeat(43) }, headers }, limited.handle);
    expect(refresh.status).toBe(429);
    expect(await refresh.json()).toMatchObject({ code: "over_request_rate_limit" });
  });

  it("counts confirmation mails for the whole project (email_sent per hour) and keeps no user it could not mail", async () => {
    const limited = await emulator({
      jwt: "hs256",
      auth: { ...SUITE_AUTH, rate_limit: SMALL, email: { enable_confirmations: true, max_frequency: "0s" } },
    });
    const send = (n: number) =>
      call(
        "/signup",
        { apikey: limited.anonKey, body: { email: `mail${n}@example.com`, password: "first password", data: { username: `mail${n}` } }, headers: from(`192.0.2.${n}`) },
        limited.handle,
      );
    expect((await send(1)).status).toBe(200);
    expect((await send(2)).status).toBe(200);
    const third = await send(3);
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ code: "over_email_send_rate_limit", message: "email rate limit exceeded" });
    expect(limited.logs).toHaveLength(2);
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from auth.users where email = 'mail3@example.com'`;
    expect(row?.count).toBe(0);
  });

  it("limits opening links (token_verifications), answered as JSON rather than a redirect", async () => {
    const limited = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, rate_limit: SMALL } });
    const open = () =>
      limited.handle(new Request(`${url}/auth/v1/verify?token=${"0".repeat(56)}&type=signup`, { headers: from("203.0.113.30") }));
    const answers = await drain(open);
    expect(answers.slice(0, 30).every((r) => r.status === 303)).toBe(true);
    expect(answers[30]!.status).toBe(429);
  });

  it("applies no limit to a request without a client address, as GoTrue without its header", async () => {
    const limited = await emulator({ jwt: "hs256", auth: { ...SUITE_AUTH, rate_limit: SMALL } });
    const answers = await drain(() => call("/signup", { apikey: limited.anonKey, body: weak }, limited.handle));
    expect(answers.every((r) => r.status === 422)).toBe(true);
  });
});
