/**
 * What the CLI does when the server says "not now": a 429 with Retry-After
 * becomes one line saying when to try again, and neither a rate-limited nor a
 * failing refresh (api or OAuth token endpoint) throws away the stored session.
 * A stand-in server plays the API: the real one answers 429 only once Supabase
 * Auth's limits are used up (cli/test/e2e/confirmation.test.ts does that).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../src/lib/http/client.ts";
import { login, me } from "../src/lib/http/api/auth.ts";
import { apiError, retryAfterSeconds, retryIn } from "../src/lib/errors.ts";
import type { Session, SessionStore } from "../src/lib/auth/global-config.ts";
import { tokenRequest } from "../src/lib/auth/oauth-login.ts";

describe("Retry-After", () => {
  it("reads delay-seconds and HTTP dates, and ignores what it cannot read", () => {
    expect(retryAfterSeconds("300")).toBe(300);
    expect(retryAfterSeconds(["120"])).toBe(120);
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(retryAfterSeconds("Wed, 02 Dec 2026 10:02:00 GMT", now)).toBe(120);
    expect(retryAfterSeconds("soon")).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });

  it("says the wait in the unit a person would", () => {
    expect(retryIn(45)).toBe("in about 45 seconds");
    expect(retryIn(60)).toBe("in about 1 minute");
    expect(retryIn(300)).toBe("in about 5 minutes");
    expect(retryIn(3600)).toBe("in about 1 hour");
    expect(retryIn(undefined)).toBe("in a few minutes");
    expect(apiError(429, "whatever the server said", {}, 300)).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      message: "Too many sign-in attempts; try again in about 5 minutes.",
    });
  });
});

describe("a server that cannot sign anyone in right now", () => {
  let url = "";
  let close: () => Promise<void>;
  const answers = new Map<string, { status: number; body: unknown; headers?: Record<string, string> }>();

  beforeAll(async () => {
    const server = createServer((req, res) => {
      const answer = answers.get(new URL(req.url!, "http://x").pathname) ?? { status: 404, body: { error: { code: "NOT_FOUND", message: "no" } } };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterAll(() => close());

  const expired = (extra: Partial<Session> = {}): Session => ({
    access_token: "old-access",
    refresh_token: "old-refresh",
    expires_at: Math.floor(Date.now() / 1000) - 10,
    user: { id: "u1", email: "a@example.test", username: "alice" },
    ...extra,
  });
  const storeWith = (session: Session) => {
    const sessions = new Map([[`${url}/api`, session]]);
    const store: SessionStore = { get: (k) => sessions.get(k), set: (k, s) => void sessions.set(k, s), delete: (k) => void sessions.delete(k) };
    return { store, sessions };
  };

  it("a rate-limited login says when to try again", async () => {
    answers.set("/api/auth/login", {
      status: 429,
      headers: { "retry-after": "300" },
      body: { error: { code: "RATE_LIMITED", message: "Too many sign-in attempts; try again in about 5 minutes." } },
    });
    const client = new ApiClient({ apiUrl: `${url}/api`, sessions: storeWith(expired()).store });
    await expect(login(client, { email: "a@example.test", password: "pw" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many sign-in attempts; try again in about 5 minutes.",
    });
  });

  it.each([
    [429, { "retry-after": "300" }, "RATE_LIMITED"],
    [503, {}, "INTERNAL_ERROR"],
  ] as const)("a refresh answered %i keeps the stored session", async (status, headers, code) => {
    answers.set("/api/auth/refresh", { status, headers, body: { error: { code: status === 429 ? "RATE_LIMITED" : "UNAVAILABLE", message: "later" } } });
    const { store, sessions } = storeWith(expired());
    await expect(me(new ApiClient({ apiUrl: `${url}/api`, sessions: store }))).rejects.toMatchObject({ code, status });
    expect(sessions.get(`${url}/api`)?.refresh_token).toBe("old-refresh");
  });

  it.each([
    [429, { "retry-after": "300" }, "RATE_LIMITED", "Too many sign-in attempts; try again in about 5 minutes."],
    [503, {}, "INTERNAL_ERROR", "The server failed (HTTP 503): Auth is down"],
  ] as const)("the OAuth token endpoint answering %i keeps a browser login's session", async (status, headers, code, message) => {
    answers.set("/oauth/token", { status, headers, body: { error: "temporarily_unavailable", error_description: "Auth is down" } });
    await expect(tokenRequest(`${url}/oauth/token`, { grant_type: "refresh_token", refresh_token: "r" })).rejects.toMatchObject({ code, message });
    const { store, sessions } = storeWith(expired({ token_endpoint: `${url}/oauth/token` }));
    await expect(me(new ApiClient({ apiUrl: `${url}/api`, sessions: store }))).rejects.toMatchObject({ code });
    expect(sessions.get(`${url}/api`)?.refresh_token).toBe("old-refresh");
  });

  it("a refused OAuth refresh still ends the session", async () => {
    answers.set("/oauth/token", { status: 400, body: { error: "invalid_grant", error_description: "revoked" } });
    const { store, sessions } = storeWith(expired({ token_endpoint: `${url}/oauth/token` }));
    await expect(me(new ApiClient({ apiUrl: `${url}/api`, sessions: store }))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(sessions.has(`${url}/api`)).toBe(false);
  });
});
