/**
 * The oauth function driven by an independent OAuth client library
 * (oauth4webapi): discovery, dynamic registration, PKCE, code
 * exchange and refresh, on the embedded PGlite and on a real PostgreSQL
 * server. The login form is posted over plain HTTP here; the browser test
 * (oauth-browser.test.ts) drives the same page in Chromium.
 */
import { decodeJwt } from "jose";
import * as oauth from "oauth4webapi";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, type TestUser } from "./support/api.ts";
import { authorizeAs, oauthIssuer, tokenRequest } from "./support/oauth.ts";

const insecure = { [oauth.allowInsecureRequests]: true };

/** The resource a session's token was issued for, read as that token's user through the SQL helper the MCP server uses. */
async function resourceOf(sql: postgres.Sql, accessToken: string): Promise<string | null> {
  const claims = decodeJwt(accessToken);
  return sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true)`;
    const [row] = await tx<{ resource: string | null }[]>`select private.oauth_session_resource() as resource`;
    return row!.resource;
  }) as Promise<string | null>;
}

describe.each(inject("platforms"))("oauth with an independent client on $name", ({ url, apiUrl, dbUrl }) => {
  const issuer = new URL(oauthIssuer(url));
  const mcpResource = `${url}/functions/v1/mcp`;
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let as: oauth.AuthorizationServer;
  let user: TestUser;

  beforeAll(async () => {
    user = await signUp(apiUrl, "oauth");
    // The MCP spec's fallback for an issuer with a path: <issuer>/.well-known/openid-configuration.
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...insecure }));
  });
  afterAll(() => sql.end());

  it("publishes RFC 8414 metadata at both well-known documents", async () => {
    expect(as).toMatchObject({
      issuer: issuer.href.replace(/\/$/, ""),
      authorization_endpoint: `${issuer.href}/authorize`,
      token_endpoint: `${issuer.href}/token`,
      registration_endpoint: `${issuer.href}/register`,
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      response_types_supported: ["code"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
    expect(as.token_endpoint_auth_methods_supported).toContain("none");
    // The OpenID-style document adds the fields OpenID Discovery requires; the rest is identical.
    const { jwks_uri, subject_types_supported, id_token_signing_alg_values_supported, ...shared } = JSON.parse(JSON.stringify(as));
    expect(jwks_uri).toMatch(/\/auth\/v1\/\.well-known\/jwks\.json$/);
    expect(subject_types_supported).toEqual(["public"]);
    expect(id_token_signing_alg_values_supported).toEqual(["ES256"]);
    const rfc8414 = await fetch(`${issuer.href}/.well-known/oauth-authorization-server`);
    expect(await rfc8414.json()).toEqual(shared);
  });

  async function authorize(client: oauth.Client, redirectUri: string, resource: string | null) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const target = new URL(as.authorization_endpoint!);
    target.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: "code",
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      ...(resource ? { resource } : {}),
    }).toString();
    const callback = await authorizeAs(url, target.href, { email: user.email, password: user.password });
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    // Checks state and that `iss` (RFC 9207) is our issuer.
    const params = oauth.validateAuthResponse(as, client, callback, state);
    return { params, verifier };
  }

  it("a dynamically registered public client gets tokens for the MCP resource, and refresh rotates them", async () => {
    const redirectUri = "http://127.0.0.1:33333/callback";
    const registered = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(
        as,
        { redirect_uris: [redirectUri], client_name: "Test MCP client", token_endpoint_auth_method: "none" },
        insecure,
      ),
    );
    const client: oauth.Client = { client_id: registered.client_id, token_endpoint_auth_method: "none" };
    expect(registered.client_secret).toBeUndefined();

    const { params, verifier } = await authorize(client, redirectUri, mcpResource);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, {
        ...insecure,
        additionalParameters: { resource: mcpResource },
      }),
    );
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.expires_in).toBeGreaterThan(60);
    // The access token is the user's Supabase session token: the api sees the same user.
    const me = await call(apiUrl, "GET", "/me", { token: tokens.access_token });
    expect(me.body.user).toMatchObject({ id: user.id, username: user.username });
    expect(await resourceOf(sql, tokens.access_token)).toBe(mcpResource);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, insecure),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await call(apiUrl, "GET", "/me", { token: refreshed.access_token })).status).toBe(200);
    expect(await resourceOf(sql, refreshed.access_token)).toBe(mcpResource);

    // The old refresh token is dead, and replaying it ends the whole grant.
    const replay = await tokenRequest(url, { grant_type: "refresh_token", refresh_token: tokens.refresh_token!, client_id: client.client_id });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    const afterReplay = await tokenRequest(url, { grant_type: "refresh_token", refresh_token: refreshed.refresh_token!, client_id: client.client_id });
    expect(afterReplay.body.error).toBe("invalid_grant");
    expect(await resourceOf(sql, refreshed.access_token)).toBeNull();
  });

  it("a confidential client authenticates with its secret (Basic), and the seeded cli client needs none", async () => {
    const redirectUri = "http://localhost:41000/cb";
    const registered = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(as, { redirect_uris: [redirectUri], token_endpoint_auth_method: "client_secret_basic" }, insecure),
    );
    expect(typeof registered.client_secret).toBe("string");
    const stored = await sql`select secret_hash from oauth_clients where id = ${registered.client_id}`;
    expect(stored[0]!.secret_hash).not.toBe(registered.client_secret);
    const client: oauth.Client = { client_id: registered.client_id };
    const { params, verifier } = await authorize(client, redirectUri, null);
    const wrongSecret = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic("not-the-secret"), params, redirectUri, verifier, insecure);
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).error).toBe("invalid_client");

    const again = await authorize(client, redirectUri, null);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(registered.client_secret as string), again.params, redirectUri, again.verifier, insecure),
    );
    expect((await call(apiUrl, "GET", "/me", { token: tokens.access_token })).status).toBe(200);
    // No resource asked: the session is an OAuth one but bound to no resource.
    expect(await resourceOf(sql, tokens.access_token)).toBeNull();

    const cli: oauth.Client = { client_id: "cli", token_endpoint_auth_method: "none" };
    const cliFlow = await authorize(cli, "http://127.0.0.1:9876/callback", null);
    const cliTokens = await oauth.processAuthorizationCodeResponse(
      as,
      cli,
      await oauth.authorizationCodeGrantRequest(as, cli, oauth.None(), cliFlow.params, "http://127.0.0.1:9876/callback", cliFlow.verifier, insecure),
    );
    expect((await call(apiUrl, "GET", "/me", { token: cliTokens.access_token })).body.user.username).toBe(user.username);
  });

  it("a password-login session has no OAuth resource", async () => {
    expect(await resourceOf(sql, user.token)).toBeNull();
  });
});
