/**
 * The connector flow end to end, as Claude.ai or ChatGPT runs it (MCP
 * authorization 2025-11-25): the official SDK client with an OAuth
 * `authProvider` starts unauthenticated, follows the 401 to our
 * protected-resource metadata and authorization server, registers itself
 * (RFC 7591), sends the user to the login page (driven over HTTP by the
 * oauth tests' helper), exchanges the code with PKCE for a token bound to
 * this resource (RFC 8707), then calls the tools as that user. A token the
 * same server issued for another resource is refused.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signUp, uniqueName, type TestUser } from "./support/api.ts";
import { callTool, mcpUrl, textOf } from "./support/mcp.ts";
import { MemoryOAuthProvider } from "./support/mcp-connector.ts";
import { authorizeAs, oauthIssuer, pkcePair, tokenRequest, authorizeUrl } from "./support/oauth.ts";

describe.each(inject("platforms"))("mcp OAuth connector flow on $name", ({ url, apiUrl }) => {
  const resource = mcpUrl(url).href;
  let user: TestUser;
  beforeAll(async () => {
    user = await signUp(apiUrl, "connector");
  });

  it("discovers, registers, logs in, and calls every tool as the user", async () => {
    const provider = new MemoryOAuthProvider();
    const first = new Client({ name: "connector", version: "1.0.0" });
    // This transport keeps what the 401 taught it (where the metadata is); the code is finished on it.
    const transport = new StreamableHTTPClientTransport(mcpUrl(url), { authProvider: provider });
    await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);

    // The SDK found our authorization server through the 401 and registered a client.
    const authorize = provider.authorizationUrl!;
    expect(authorize.origin + authorize.pathname).toBe(`${oauthIssuer(url)}/authorize`);
    expect(authorize.searchParams.get("resource")).toBe(resource);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("client_id")).toBe(provider.clientInformation()!.client_id);

    // The browser step: the user logs in on our page and is sent back with a code.
    const callback = await authorizeAs(url, authorize.href, { email: user.email, password: user.password });
    await transport.finishAuth(callback.searchParams.get("code")!);
    expect(provider.tokens()?.access_token).toBeTruthy();

    const client = new Client({ name: "connector", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl(url), { authProvider: provider }));
    const registries = await callTool(client, "list_registries");
    expect(registries.structuredContent).toEqual({ registries: [expect.objectContaining({ slug: user.username, role: "admin" })] });

    const slug = uniqueName("oauth");
    const content = `---\nname: ${slug}\ndescription: Made through the connector\n---\n\nHello.\n`;
    const steps: [string, Record<string, unknown>][] = [
      ["create_skill", { registry: user.username, slug, name: "Connector skill", description: "Made through the connector", content }],
      ["list_skills", { registry: user.username }],
      ["search_skills", { query: "connector" }],
      ["get_skill", { registry: user.username, slug }],
      ["update_skill", { registry: user.username, slug, version: "1.0.1", content: content.replace("Hello.", "Hello again.") }],
      ["report_skill_issue", { registry: user.username, slug, issue: "Greets twice" }],
    ];
    for (const [tool, args] of steps) {
      const result = await callTool(client, tool, args);
      expect(result.isError, `${tool}: ${textOf(result)}`).toBeFalsy();
    }
    const latest = await callTool(client, "get_skill", { registry: user.username, slug });
    expect(latest.structuredContent).toMatchObject({ version: "1.0.1", content: expect.stringContaining("Hello again.") });
    await client.close();
  });

  it("refuses a token our server issued for another resource", async () => {
    const { verifier, challenge } = pkcePair();
    const redirectUri = "http://127.0.0.1:9876/callback";
    const other = `${url}/functions/v1/api`;
    const callback = await authorizeAs(
      url,
      authorizeUrl(url, {
        client_id: "cli", redirect_uri: redirectUri, response_type: "code", state: "s",
        code_challenge: challenge, code_challenge_method: "S256", resource: other,
      }),
      { email: user.email, password: user.password },
    );
    const tokens = await tokenRequest(url, {
      grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: redirectUri,
      client_id: "cli", code_verifier: verifier, resource: other,
    });
    expect(tokens.status).toBe(200);
    const res = await fetch(resource, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.body.access_token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect((await res.json()).error.message).toBe(`This token was issued for ${other}, not for this MCP server (${resource})`);
  });
});
