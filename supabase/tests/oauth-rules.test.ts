/**
 * The oauth function's pure rules: which redirect URIs dynamic registration
 * admits (the allow-list patterns) and which client_ids may name a Client ID
 * Metadata Document (https, a path, no internal host name: the SSRF guard's
 * first step; where names resolve is metadata-document.test.ts's).
 */
import { describe, expect, it } from "vitest";
import { isMetadataDocumentUrl } from "../functions/oauth/lib/metadata-document.ts";
import { redirectAllowed } from "../functions/oauth/lib/redirect-patterns.ts";

describe("redirect allow-list patterns", () => {
  const patterns = ["https://claude.ai/api/mcp/auth_callback", "https://chatgpt.com/connector/oauth/*", "http://127.0.0.1:*/**"];

  it("admits exact entries, one segment for *, any port and path on loopback", () => {
    expect(redirectAllowed("https://claude.ai/api/mcp/auth_callback", patterns)).toBe(true);
    expect(redirectAllowed("https://chatgpt.com/connector/oauth/abc123", patterns)).toBe(true);
    expect(redirectAllowed("http://127.0.0.1:51234/oauth/callback", patterns)).toBe(true);
  });

  it("refuses look-alikes, extra segments, other hosts, fragments and credentials", () => {
    for (const uri of [
      "https://claude.ai/api/mcp/auth_callback/",
      "https://claude.ai.evil.example/api/mcp/auth_callback",
      "https://chatgpt.com/connector/oauth/abc/../../evil",
      "https://chatgpt.com/connector/oauth/a/b",
      "http://127.0.0.1.evil.example:80/cb",
      "http://127.0.0.1:5000/cb#frag",
      "http://user:pw@127.0.0.1:5000/cb",
      "not a url",
    ]) {
      expect(redirectAllowed(uri, patterns), uri).toBe(false);
    }
  });
});

describe("client metadata document URLs", () => {
  it("must be https with a path and a public host name", () => {
    expect(isMetadataDocumentUrl("https://app.example.com/oauth/client.json")).toBe(true);
    for (const id of [
      "http://app.example.com/client.json",
      "https://app.example.com/",
      "https://app.example.com/client.json#x",
      "https://user@app.example.com/client.json",
      "https://127.0.0.1/client.json",
      "https://[::1]/client.json",
      "https://localhost/client.json",
      "https://localhost./client.json",
      "https://app.localhost./client.json",
      "https://app.example.com/a/../client.json",
      "cli",
    ]) {
      expect(isMetadataDocumentUrl(id), id).toBe(false);
    }
  });
});
