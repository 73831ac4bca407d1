/**
 * Supabase Auth's rate limits as users meet them through our functions, on
 * both databases, with small `[auth.rate_limit]` values: 429 RATE_LIMITED
 * with Retry-After from the api and the login page, brute force stopped, each
 * caller on their own budget (the functions forward the caller's address), no
 * half-created account, and an OAuth grant that survives Auth's 429 while a
 * definitive refusal still ends it.
 *
 * GoTrue's per-address buckets hold 30 requests and refill at the configured
 * rate per 5 minutes; at 1 per 5 minutes a test empties one and it stays empty.
 * Every test calls from addresses of its own (support/from-address.ts).
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/api.ts";
import { exhaustSignupBudget, exhaustTokenBudget, fetchFrom, freshAddress } from "./support/from-address.ts";
import { oauthIssuer, pkcePair } from "./support/oauth.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

delete process.env.SKILLS_SITE_URL;

const PASSWORD = "correct-horse-battery";
const BUCKET = 30; // GoTrue's bucket capacity, whatever the configured refill rate
const CLI_REDIRECT = "http://127.0.0.1:9876/callback";

describe.each(["pglite", "postgres"] as const)("auth rate limits on %s", (db) => {
  let platform: TestPlatform;
  let sql: postgres.Sql;

  beforeAll(async () => {
    platform = await startTestPlatform({
      jwt: "asymmetric",
      db,
      auth: { email: { enable_confirmations: false }, rate_limit: { sign_in_sign_ups: 1, token_refresh: 1 } },
    });
    sql = postgres(platform.dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await platform?.stop();
  });

  const api = (address: string, path: string, body: unknown) =>
    fetchFrom(address, `${platform.apiUrl}${path}`, { method: "POST", body });
  const registerFrom = async (address: string, prefix: string) => {
    const username = uniqueName(prefix);
    const email = `${username}@example.test`;
    const res = await api(address, "/auth/register", { email, password: PASSWORD, username });
    expect(res.status, res.text).toBe(201);
    return { email, username, refreshToken: res.json.session.refresh_token as string };
  };
  const expectRateLimited = (res: { status: number; headers: Record<string, unknown>; json: any }) => {
    expect(res.status).toBe(429);
    expect(res.json.error).toEqual({ code: "RATE_LIMITED", message: "Too many sign-in attempts; try again in about 5 minutes." });
    // GoTrue names no wait: its request limits refill over 5-minute windows.
    expect(res.headers["retry-after"]).toBe("300");
  };

  it("50 wrong passwords in a row: refused until the limit, then 429 with Retry-After, even for the right password", async () => {
    const user = await registerFrom(freshAddress(), "target");
    const attacker = freshAddress();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 50; i++) {
      last = await api(attacker, "/auth/login", { email: user.email, password: `wrong-password-${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(BUCKET).fill(401), ...Array(50 - BUCKET).fill(429)]);
    expectRateLimited(last!);
    expectRateLimited(await api(attacker, "/auth/login", { email: user.email, password: PASSWORD }));
    // The budget is the caller's: the user, from their own address, logs in.
    expect((await api(freshAddress(), "/auth/login", { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it("Auth's own password grant is limited the same way", async () => {
    const user = await registerFrom(freshAddress(), "direct");
    const attacker = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await fetchFrom(attacker, `${platform.url}/auth/v1/token?grant_type=password`, {
        method: "POST",
        headers: { apikey: platform.anonKey },
        body: { email: user.email, password: `wrong-password-${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(BUCKET).fill(400), ...Array(50 - BUCKET).fill(429)]);
  });

  it("a refresh that meets the limit answers 429 and the session stays good", async () => {
    const home = freshAddress();
    const user = await registerFrom(home, "refresher");
    const busy = freshAddress();
    await exhaustTokenBudget(platform.url, platform.anonKey, busy);
    expectRateLimited(await api(busy, "/auth/refresh", { refresh_token: user.refreshToken }));
    const renewed = await api(home, "/auth/refresh", { refresh_token: user.refreshToken });
    expect(renewed.status).toBe(200);
    expect(renewed.json.user.username).toBe(user.username);
  });

  it("a registration refused by the limit leaves no account behind: the username and email stay free", async () => {
    const busy = freshAddress();
    await exhaustSignupBudget(platform.url, platform.anonKey, busy);
    const username = uniqueName("limited");
    const body = { email: `${username}@example.test`, password: PASSWORD, username };
    expectRateLimited(await api(busy, "/auth/register", body));
    const [held] = await sql<{ n: number }[]>`select count(*)::int as n from profiles where username = ${username}`;
    expect(held!.n).toBe(0);
    const later = await api(freshAddress(), "/auth/register", body);
    expect(later.status).toBe(201);
    expect(later.json.user.username).toBe(username);
  });

  describe("oauth", () => {
    const token = (address: string, params: Record<string, string>) =>
      fetchFrom(address, `${oauthIssuer(platform.url)}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: "cli", ...params }).toString(),
      });

    /** Logs in on the page from `address` and returns the code and its verifier. */
    async function authorizeFrom(address: string, email: string) {
      const { verifier, challenge } = pkcePair();
      const query = new URLSearchParams({
        client_id: "cli",
        redirect_uri: CLI_REDIRECT,
        response_type: "code",
        code_challenge: challenge,
        code_challenge_method: "S256",
      });
      const page = await fetchFrom(address, `${oauthIssuer(platform.url)}/authorize?${query}`);
      const ticket = /name="ticket" value="([^"]+)"/.exec(page.text)![1]!;
      const cookie = String(page.headers["set-cookie"]).split(";")[0]!;
      const login = (password: string) =>
        fetchFrom(address, `${oauthIssuer(platform.url)}/authorize`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: new URLSearchParams({ ticket, email, password }).toString(),
        });
      return { verifier, login };
    }
    const codeOf = (res: { status: number; headers: Record<string, unknown> }) => {
      expect(res.status).toBe(303);
      return new URL(String(res.headers.location)).searchParams.get("code")!;
    };
    const revoked = async (refreshToken: string) => {
      const [row] = await sql<{ revoked: boolean }[]>`
        select s.revoked_at is not null as revoked from oauth_sessions s
        join oauth_refresh_tokens r on r.session_id = s.session_id
        where r.token_hash = encode(sha256(convert_to(${refreshToken}, 'UTF8')), 'hex')`;
      return row?.revoked;
    };

    it("a refresh that meets Auth's 429 answers temporarily_unavailable and keeps the grant; a definitive refusal ends it", async () => {
      const user = await registerFrom(freshAddress(), "connector");
      const client = freshAddress();
      const { verifier, login } = await authorizeFrom(client, user.email);
      const code = codeOf(await login(PASSWORD));
      const exchanged = await token(client, { grant_type: "authorization_code", code, redirect_uri: CLI_REDIRECT, code_verifier: verifier });
      expect(exchanged.status).toBe(200);
      const refreshToken = exchanged.json.refresh_token as string;

      await exhaustTokenBudget(platform.url, platform.anonKey, client);
      const limited = await token(client, { grant_type: "refresh_token", refresh_token: refreshToken });
      expect(limited.status).toBe(429);
      expect(limited.json.error).toBe("temporarily_unavailable");
      expect(limited.headers["retry-after"]).toBe("300");
      expect(await revoked(refreshToken)).toBe(false);

      // The same refresh token works once the client is under the limit (here: from another address).
      const renewed = await token(freshAddress(), { grant_type: "refresh_token", refresh_token: refreshToken });
      expect(renewed.status).toBe(200);
      const next = renewed.json.refresh_token as string;

      // Auth refusing the session for good (it was ended upstream) still ends the grant.
      const [session] = await sql<{ id: string }[]>`
        select s.session_id as id from oauth_sessions s join oauth_refresh_tokens r on r.session_id = s.session_id
        where r.token_hash = encode(sha256(convert_to(${next}, 'UTF8')), 'hex')`;
      await sql`delete from auth.sessions where id = ${session!.id}`;
      const refused = await token(freshAddress(), { grant_type: "refresh_token", refresh_token: next });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toBe("invalid_grant");
      expect(await revoked(next)).toBe(true);
    });

    it("a code exchange that meets the limit can be retried with the same code", async () => {
      const user = await registerFrom(freshAddress(), "exchanger");
      const client = freshAddress();
      const { verifier, login } = await authorizeFrom(client, user.email);
      const code = codeOf(await login(PASSWORD));
      await exhaustTokenBudget(platform.url, platform.anonKey, client);
      const params = { grant_type: "authorization_code", code, redirect_uri: CLI_REDIRECT, code_verifier: verifier };
      const limited = await token(client, params);
      expect(limited.status).toBe(429);
      expect(limited.json.error).toBe("temporarily_unavailable");
      const retried = await token(freshAddress(), params);
      expect(retried.status).toBe(200);
      expect(retried.json.access_token).toBeTruthy();
    });

    it("the login page says when to try again, with Retry-After", async () => {
      const user = await registerFrom(freshAddress(), "pagelimited");
      const browser = freshAddress();
      const { login } = await authorizeFrom(browser, user.email);
      await exhaustTokenBudget(platform.url, platform.anonKey, browser);
      const res = await login(PASSWORD);
      expect(res.status).toBe(429);
      expect(res.headers["retry-after"]).toBe("300");
      expect(/role="alert">([^<]*)</.exec(res.text)?.[1]).toBe("Too many sign-in attempts; try again in about 5 minutes.");
    });
  });
});
