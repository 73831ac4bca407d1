/**
 * The whole local platform started from a config file (as `yarn start
 * --config FILE`), on both databases: the JWT mode, email confirmation through
 * the front door with the real supabase-js client, and the client address the
 * front door hands Auth for its rate limits.
 */
import { createClient } from "@supabase/supabase-js";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFrom, freshAddress } from "./support/from-address.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

// The Supabase CLI's local anon key for its default JWT secret.
const CLI_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

// site_url is env(SKILLS_SITE_URL) in the shipped file: unset, the platform's own email-confirmed page applies.
delete process.env.SKILLS_SITE_URL;

class NoWebSocket {
  constructor() {
    throw new Error("realtime is not used here");
  }
}

describe.each(["pglite", "postgres"] as const)("a platform started from a config file, on %s", (db) => {
  let platform: TestPlatform;
  const email = `confirm-${db}@example.com`;
  const password = "correct horse";

  beforeAll(async () => {
    platform = await startTestPlatform({
      jwt: "hs256",
      db,
      auth: { email: { enable_confirmations: true, max_frequency: "0s" }, rate_limit: { sign_in_sign_ups: 1, token_refresh: 1 } },
    });
  }, 120_000);
  afterAll(() => platform?.stop());

  const supabase = () =>
    createClient(platform.url, platform.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: NoWebSocket as never },
    });

  it("runs the configured JWT mode: HS256 with the CLI's secret, an empty JWKS", async () => {
    expect(platform.auth.mode).toBe("hs256");
    expect(platform.anonKey).toBe(CLI_ANON_KEY);
    const jwks = await fetch(`${platform.url}/auth/v1/.well-known/jwks.json`);
    expect(await jwks.json()).toEqual({ keys: [] });
    expect(platform.auth.settings).toMatchObject({ siteUrl: `${platform.url}/functions/v1/oauth/email-confirmed`, email: { enableConfirmations: true } });
  });

  it("signs up without a session, prints the link, and confirms through it", async () => {
    const { data, error } = await supabase().auth.signUp({ email, password, options: { data: { username: `confirm${db}` } } });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email_confirmed_at).toBeUndefined();

    const before = await supabase().auth.signInWithPassword({ email, password });
    expect(before.error).toMatchObject({ status: 400, code: "email_not_confirmed" });

    const link = platform.confirmationLink(email);
    expect(link).toMatch(new RegExp(`^${platform.url}/auth/v1/verify\\?token=[0-9a-f]{56}&type=signup&redirect_to=${platform.url}/functions/v1/oauth/email-confirmed$`));
    const opened = await fetch(link!, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const location = new URL(opened.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${platform.url}/functions/v1/oauth/email-confirmed`);
    const accessToken = new URLSearchParams(location.hash.slice(1)).get("access_token")!;
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: "HS256", typ: "JWT" });

    const after = await supabase().auth.signInWithPassword({ email, password });
    expect(after.error).toBeNull();
    expect(after.data.user?.email_confirmed_at).toBeTruthy();
  });

  it("keys rate limits on the caller's real address: a spoofed X-Forwarded-For does not help", async () => {
    const signup = (headers: Record<string, string>, apikey = platform.anonKey) =>
      fetch(`${platform.url}/auth/v1/signup`, {
        method: "POST",
        headers: { apikey, "content-type": "application/json", "x-supabase-api-version": "2024-01-01", ...headers },
        body: JSON.stringify({ email: "weak@example.com", password: "short" }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signup({ "x-forwarded-for": `203.0.113.${i + 1}` })).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, statuses.indexOf(429)).every((s) => s === 422)).toBe(true);
    // A server holding the secret key forwards its end user's address, and that user has a budget of its own.
    expect((await signup({ "sb-forwarded-for": "198.51.100.9" }, platform.secretKey)).status).toBe(422);
    expect((await signup({ "sb-forwarded-for": "198.51.100.9" })).status).toBe(429);
  });

  it("tells a function who called by the TCP address: a spoofed CF-Connecting-IP buys no new budget", async () => {
    const address = freshAddress();
    const login = (from: string, spoofed?: string) =>
      fetchFrom(from, `${platform.apiUrl}/auth/login`, {
        method: "POST",
        headers: spoofed ? { "cf-connecting-ip": spoofed, "x-forwarded-for": spoofed } : {},
        body: { email: "nobody@example.com", password: "wrong password" },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await login(address, `198.51.100.${i + 1}`)).status);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another caller of the same function keeps its own budget.
    expect((await login(freshAddress())).status).toBe(401);
  });
});
