/**
 * A platform whose clients know it by another address than the functions
 * call it at, as under `supabase start` (functions see SUPABASE_URL
 * http://kong:8000, browsers use http://127.0.0.1:54321) or with a custom
 * domain: here clients use http://localhost:<port>, the functions call
 * http://127.0.0.1:<port>, and Auth issues tokens with the public issuer, as
 * GoTrue does with API_EXTERNAL_URL. Tokens must be accepted, and every
 * document a client follows must name the public URL, the same issuer
 * everywhere (RFC 8414 §3.3, RFC 9728).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type Platform } from "../local/platform.ts";
import { call, uniqueName, type TestUser } from "./support/api.ts";
import { callTool } from "./support/mcp.ts";
import { connectAsConnector } from "./support/mcp-connector.ts";
import { SUITE_AUTH, writeConfig } from "./support/platform.ts";
import { freePort } from "./support/postgres-server.ts";

describe("a public URL other than the functions' SUPABASE_URL", () => {
  const dir = mkdtempSync(join(tmpdir(), "skills-public-url-"));
  let platform: Platform;
  let publicUrl: string;
  let user: TestUser;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    platform = await startPlatform({
      port,
      publicUrl,
      dataDir: join(dir, "data"),
      // HS256: the functions then ask Auth about every token, at their own (internal) address.
      configPath: await writeConfig(dir, { jwt: "hs256", auth: SUITE_AUTH }),
      log: () => {},
    });
    const username = uniqueName("public");
    const registered = await call(platform.apiUrl, "POST", "/auth/register", {
      body: { email: `${username}@example.test`, password: "correct-horse-battery", username },
    });
    expect(registered.status).toBe(201);
    user = { id: registered.body.user.id, email: `${username}@example.test`, username, password: "correct-horse-battery", token: "", refreshToken: "" };
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is what clients are given, while the functions call another address", () => {
    expect(platform.url).toBe(publicUrl);
    expect(platform.apiUrl).toBe(`${publicUrl}/functions/v1/api`);
    expect(new URL(publicUrl).hostname).toBe("localhost");
  });

  it("logs in with a token issued by the public URL's Auth, which the api accepts", async () => {
    const login = await call(platform.apiUrl, "POST", "/auth/login", { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    const token = login.body.session.access_token as string;
    expect(decodeJwt(token).iss).toBe(`${publicUrl}/auth/v1`);
    const me = await call(platform.apiUrl, "GET", "/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: user.id, username: user.username });
  });

  it("names the public URL in the OAuth metadata: issuer, every endpoint, the JWKS", async () => {
    const issuer = `${publicUrl}/functions/v1/oauth`;
    const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      registration_endpoint: `${issuer}/register`,
    });
    const openid = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(openid).toMatchObject({ issuer, jwks_uri: `${publicUrl}/auth/v1/.well-known/jwks.json` });
  });

  it("names the public URL in the MCP metadata and its 401, with the authorization server's own issuer", async () => {
    const resource = `${publicUrl}/functions/v1/mcp`;
    const unauthenticated = await fetch(resource, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toContain(`resource_metadata="${resource}/.well-known/oauth-protected-resource"`);
    const metadata = await (await fetch(`${resource}/.well-known/oauth-protected-resource`)).json();
    expect(metadata.resource).toBe(resource);
    const [server] = metadata.authorization_servers as string[];
    const asMetadata = await (await fetch(`${server}/.well-known/oauth-authorization-server`)).json();
    expect(asMetadata.issuer).toBe(server);
    expect(server).toBe(`${publicUrl}/functions/v1/oauth`);
  });

  it("runs the whole connector flow from the public MCP URL and calls a tool", async () => {
    const { client, authorizationUrl } = await connectAsConnector(publicUrl, { email: user.email, password: user.password });
    expect(authorizationUrl.origin).toBe(publicUrl);
    expect(authorizationUrl.searchParams.get("resource")).toBe(`${publicUrl}/functions/v1/mcp`);
    const registries = await callTool(client, "list_registries");
    expect(registries.structuredContent).toEqual({ registries: [expect.objectContaining({ slug: user.username, role: "admin" })] });
    await client.close();
  });
});
