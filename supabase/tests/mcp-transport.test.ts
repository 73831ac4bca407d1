/**
 * The MCP endpoint as HTTP (MCP 2025-11-25 "Streamable HTTP" and
 * "Authorization", RFC 9728): the 401 that starts OAuth discovery, the
 * protected-resource metadata, stateless methods, and malformed bodies
 * answered as JSON-RPC errors rather than 5xx.
 */
import { describe, expect, inject, it, beforeAll } from "vitest";
import { signUp, type TestUser } from "./support/api.ts";
import { mcpUrl } from "./support/mcp.ts";

const JSON_RPC_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe.each(inject("platforms"))("mcp transport on $name", ({ url, apiUrl }) => {
  const endpoint = mcpUrl(url).href;
  let user: TestUser;
  beforeAll(async () => {
    user = await signUp(apiUrl, "transport");
  });
  const post = (body: string, token?: string) =>
    fetch(endpoint, { method: "POST", headers: { ...JSON_RPC_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

  it("answers a request without a token with 401 naming the protected-resource metadata", async () => {
    const res = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${endpoint}/.well-known/oauth-protected-resource"`);
    expect((await res.json()).error.code).toBe("UNAUTHORIZED");
  });

  it("answers a bad token with 401 invalid_token", async () => {
    const res = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }), "not.a.jwt");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer resource_metadata="[^"]+", error="invalid_token"/);
  });

  it("serves RFC 9728 metadata naming this resource and our authorization server", async () => {
    const res = await fetch(`${endpoint}/.well-known/oauth-protected-resource`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toMatchObject({
      resource: endpoint,
      authorization_servers: [`${url}/functions/v1/oauth`],
      bearer_methods_supported: ["header"],
    });
  });

  it("is stateless: no session id, and GET and DELETE answer 405", async () => {
    const init = await post(
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
      user.token,
    );
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toMatch(/^application\/json/);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    expect((await init.json()).result.protocolVersion).toBe("2025-11-25");
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(endpoint, { method, headers: { authorization: `Bearer ${user.token}`, accept: "text/event-stream" } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    }
  });

  it.each([
    ["malformed JSON", "{not json", -32700],
    ["not a JSON-RPC message", JSON.stringify({ hello: "world" }), -32700],
  ])("answers %s with a JSON-RPC error, never a 5xx", async (_label, body, code) => {
    const res = await post(body, user.token);
    expect(res.status).toBe(400);
    const payload = await res.json();
    expect(payload).toMatchObject({ jsonrpc: "2.0", error: { code } });
  });

  it("refuses a body over 4 MiB with 413 before parsing it", async () => {
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "create_skill", arguments: { content: "x".repeat(5 * 1024 * 1024) } } });
    const res = await post(huge, user.token);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ jsonrpc: "2.0", error: { message: expect.stringMatching(/too large/i) } });
  });

  it("answers an unknown method with JSON-RPC 'method not found'", async () => {
    const res = await post(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "skills/steal" }), user.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 7, error: { code: -32601 } });
  });
});
