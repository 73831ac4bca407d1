/**
 * Bad input and attacks against the oauth function: every one is refused with
 * OAuth's error, never a 5xx, never a redirect to an unverified address,
 * never a hint whether an email has an account.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp, type TestUser } from "./support/api.ts";
import { authorizeAs, authorizeUrl, oauthIssuer, openAuthorize, pkcePair, postLogin, tokenRequest } from "./support/oauth.ts";

const CLI_REDIRECT = "http://127.0.0.1:9876/callback";

describe.each(inject("platforms"))("oauth refuses attacks on $name", ({ url, apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  const mcp = `${url}/functions/v1/mcp`;
  let user: TestUser;

  beforeAll(async () => {
    user = await signUp(apiUrl, "victim");
  });
  afterAll(() => sql.end());

  /** A fresh code for the cli client (PKCE S256), with what it is bound to. */
  async function freshCode(extra: Record<string, string> = {}) {
    const { verifier, challenge } = pkcePair();
    const callback = await authorizeAs(
      url,
      authorizeUrl(url, { client_id: "cli", redirect_uri: CLI_REDIRECT, response_type: "code", code_challenge: challenge, code_challenge_method: "S256", state: "s1", ...extra }),
      { email: user.email, password: user.password },
    );
    return { code: callback.searchParams.get("code")!, verifier };
  }

  const apiStatus = async (token: string) =>
    (await fetch(`${apiUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).status;

  /** A tools/call of list_registries, which reads the database as the caller. */
  const mcpToolCall = (token: string) =>
    fetch(mcp, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_registries", arguments: {} } }),
    });

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    tokenRequest(url, { grant_type: "authorization_code", client_id: "cli", code, redirect_uri: CLI_REDIRECT, code_verifier: verifier, ...extra });

  it("a replayed code is refused and revokes the tokens its first use issued", async () => {
    const { code, verifier } = await freshCode({ resource: mcp });
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const replay = await exchange(code, verifier);
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const refresh = await tokenRequest(url, { grant_type: "refresh_token", client_id: "cli", refresh_token: first.body.refresh_token });
    expect(refresh).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const [session] = await sql`select revoked_at from oauth_sessions where session_id = ${sessionIdOf(first.body.access_token)}`;
    expect(session!.revoked_at).not.toBeNull();
    // The access token the first exchange issued ends with its grant, though its signature is good until `exp`.
    expect(await apiStatus(first.body.access_token)).toBe(401);
    const call = await mcpToolCall(first.body.access_token);
    expect(call.status).toBe(401);
    expect(call.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("a revoked grant's token for another resource never passes as a first-party login at the MCP server", async () => {
    const { code, verifier } = await freshCode({ resource: `${url}/functions/v1/api` });
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect((await mcpToolCall(first.body.access_token)).status).toBe(401);
    await exchange(code, verifier); // the replay revokes the grant
    expect((await mcpToolCall(first.body.access_token)).status).toBe(401);
    expect(await apiStatus(first.body.access_token)).toBe(401);
  });

  it("a first-party login (no grant) keeps working at the api and the MCP server", async () => {
    expect(await apiStatus(user.token)).toBe(200);
    expect((await mcpToolCall(user.token)).status).toBe(200);
  });

  it("two exchanges of one code racing: at most one succeeds, and no refresh token from it survives", async () => {
    for (let round = 0; round < 5; round++) {
      const { code, verifier } = await freshCode({ resource: mcp });
      const results = await Promise.all([exchange(code, verifier), exchange(code, verifier)]);
      expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      expect(results.every((r) => r.status < 500)).toBe(true);
      for (const won of results.filter((r) => r.status === 200)) {
        const refresh = await tokenRequest(url, { grant_type: "refresh_token", client_id: "cli", refresh_token: won.body.refresh_token });
        expect(refresh).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
      }
    }
  });

  it("a code is refused for another client, a wrong or missing verifier, and another redirect_uri", async () => {
    const other = await fetch(`${oauthIssuer(url)}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: [CLI_REDIRECT], token_endpoint_auth_method: "none" }),
    }).then((r) => r.json());
    const stolen = await freshCode();
    expect(await tokenRequest(url, { grant_type: "authorization_code", client_id: other.client_id, code: stolen.code, redirect_uri: CLI_REDIRECT, code_verifier: stolen.verifier }))
      .toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const wrongVerifier = await freshCode();
    expect(await exchange(wrongVerifier.code, pkcePair().verifier)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // Burnt: the right verifier no longer helps.
    expect((await exchange(wrongVerifier.code, wrongVerifier.verifier)).body.error).toBe("invalid_grant");

    const missing = await freshCode();
    const noVerifier = await tokenRequest(url, { grant_type: "authorization_code", client_id: "cli", code: missing.code, redirect_uri: CLI_REDIRECT });
    expect(noVerifier).toMatchObject({ status: 400, body: { error: "invalid_request" } });

    const otherRedirect = await freshCode();
    expect(await exchange(otherRedirect.code, otherRedirect.verifier, { redirect_uri: "http://127.0.0.1:9877/callback" }))
      .toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("an expired code and a mismatched resource are refused", async () => {
    const expired = await freshCode();
    await sql`update oauth_authorization_codes set expires_at = now() - interval '1 second' where used_at is null and user_id = ${user.id}`;
    expect(await exchange(expired.code, expired.verifier)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const bound = await freshCode({ resource: mcp });
    expect(await exchange(bound.code, bound.verifier, { resource: `${url}/functions/v1/api` }))
      .toMatchObject({ status: 400, body: { error: "invalid_target" } });
  });

  it("redirect_uri must match exactly at authorize: the page refuses and never redirects", async () => {
    const { challenge } = pkcePair();
    for (const redirect of [
      "http://127.0.0.1:9876/callbacc", // one character
      "http://127.0.0.1:9876/callback/", // trailing slash
      "http://127.0.0.1:9880/callback", // another port
      "http://127.0.0.1:9876/callback?next=https://evil.example", // open-redirect parameter
      "https://evil.example/callback",
    ]) {
      const page = await openAuthorize(authorizeUrl(url, { client_id: "cli", redirect_uri: redirect, response_type: "code", code_challenge: challenge, code_challenge_method: "S256" }));
      expect(page.status, redirect).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      expect(page.body).toContain("redirect address does not match");
    }
    const unknown = await openAuthorize(authorizeUrl(url, { client_id: "no-such-client", redirect_uri: CLI_REDIRECT, response_type: "code" }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("location")).toBeNull();
    // A client_id that is a URL but not an https metadata document is unknown too.
    const httpDoc = await openAuthorize(authorizeUrl(url, { client_id: `${url}/client.json`, redirect_uri: CLI_REDIRECT, response_type: "code" }));
    expect(httpDoc.status).toBe(400);
  });

  it("plain or missing PKCE goes back to the client as invalid_request with state and iss", async () => {
    const base = { client_id: "cli", redirect_uri: CLI_REDIRECT, response_type: "code", state: "xyz" };
    const pkceVariants: Record<string, string>[] = [{ code_challenge: "a".repeat(43), code_challenge_method: "plain" }, {}];
    for (const pkce of pkceVariants) {
      const page = await openAuthorize(authorizeUrl(url, { ...base, ...pkce }));
      expect(page.status).toBe(303);
      const location = new URL(page.headers.get("location")!);
      expect(location.origin + location.pathname).toBe(CLI_REDIRECT);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: "invalid_request", state: "xyz", iss: oauthIssuer(url) });
    }
  });

  it("the consent form refuses a post without the CSRF ticket, with another browser's ticket, or without the cookie", async () => {
    const { challenge } = pkcePair();
    const target = authorizeUrl(url, { client_id: "cli", redirect_uri: CLI_REDIRECT, response_type: "code", code_challenge: challenge, code_challenge_method: "S256" });
    const mine = await openAuthorize(target);
    const attackers = await openAuthorize(target);
    expect(mine.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const login = { email: user.email, password: user.password };
    for (const page of [{ cookie: mine.cookie }, { ticket: attackers.ticket, cookie: mine.cookie }, { ticket: mine.ticket }]) {
      const res = await postLogin(url, page, login);
      expect(res.status).toBe(403);
      expect(res.headers.get("location")).toBeNull();
    }
    expect((await postLogin(url, mine, login)).status).toBe(303);
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    const { challenge } = pkcePair();
    const page = await openAuthorize(authorizeUrl(url, { client_id: "cli", redirect_uri: CLI_REDIRECT, response_type: "code", code_challenge: challenge, code_challenge_method: "S256" }));
    const wrong = await postLogin(url, page, { email: user.email, password: "wrong-password-1" });
    const unknown = await postLogin(url, page, { email: `nobody-${Date.now()}@example.test`, password: "wrong-password-1" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (body: string) => /role="alert">([^<]*)</.exec(body)?.[1];
    const wrongMessage = message(await wrong.text());
    expect(wrongMessage).toBe("Invalid email or password.");
    expect(message(await unknown.text())).toBe(wrongMessage);
  });

  it("registration refuses a redirect URI outside the allow-list and malformed metadata", async () => {
    const register = (body: string) =>
      fetch(`${oauthIssuer(url)}/register`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const evil = await register(JSON.stringify({ redirect_uris: ["https://evil.example/callback"], token_endpoint_auth_method: "none" }));
    expect(evil.status).toBe(400);
    expect((await evil.json()).error).toBe("invalid_redirect_uri");
    const fragment = await register(JSON.stringify({ redirect_uris: ["http://127.0.0.1:5000/cb#x"] }));
    expect((await fragment.json()).error).toBe("invalid_redirect_uri");
    const malformed = await register("{not json");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe("invalid_client_metadata");
  });

  it("oversized, malformed or repeated token parameters are refused without a 5xx", async () => {
    const post = (body: string, type = "application/x-www-form-urlencoded") =>
      fetch(`${oauthIssuer(url)}/token`, { method: "POST", headers: { "content-type": type }, body });
    const big = await post(`grant_type=authorization_code&code=${"a".repeat(100_000)}`);
    expect(big.status).toBe(413);
    expect((await big.json()).error).toBe("invalid_request");
    expect((await post("grant_type=authorization_code&grant_type=refresh_token")).status).toBe(400);
    expect((await post("{oops", "application/json")).status).toBe(400);
    expect((await post("<xml/>", "text/xml")).status).toBe(400);
    const unsupported = await post("grant_type=password&client_id=cli&username=a&password=b");
    expect(unsupported.status).toBe(400);
    expect((await unsupported.json()).error).toBe("unsupported_grant_type");
    const unknownClient = await tokenRequest(url, { grant_type: "refresh_token", client_id: "nope", refresh_token: "x" });
    expect(unknownClient).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const garbageCode = await tokenRequest(url, { grant_type: "authorization_code", client_id: "cli", code: "%%%", redirect_uri: CLI_REDIRECT, code_verifier: "v".repeat(43) });
    expect(garbageCode).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("the token endpoint also takes JSON, as the README's examples send", async () => {
    const { code, verifier } = await freshCode();
    const res = await fetch(`${oauthIssuer(url)}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code", client_id: "cli", code, redirect_uri: CLI_REDIRECT, code_verifier: verifier }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ token_type: "Bearer", refresh_token: expect.any(String) });
  });
});

function sessionIdOf(accessToken: string): string {
  return JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()).session_id;
}
