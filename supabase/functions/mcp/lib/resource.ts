/**
 * Who this MCP server is, for OAuth (MCP authorization spec 2025-11-25, RFC
 * 9728): its canonical resource URL, where its protected-resource metadata
 * lives, and that document. Everything sits under the function path because
 * hosted Supabase cannot route a root `/.well-known`.
 */
import type { OAuthProtectedResourceMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import { functionUrl } from "../../_shared/public-url.ts";

/** The canonical URL of this MCP server, `<public URL>/functions/v1/mcp` (public-url.ts): the RFC 8707 resource. */
export function resourceUrl(): string {
  return functionUrl("mcp");
}

/**
 * The issuer of the `oauth` function, the one authorization server we trust:
 * the same string its own metadata names (RFC 8414 §3.3), because both derive
 * from the one public URL.
 */
export function authorizationServerUrl(): string {
  return functionUrl("oauth");
}

/** Path of the metadata document inside the mcp app (below its `/mcp` base path). */
export const METADATA_PATH = "/.well-known/oauth-protected-resource";

/** Absolute URL of the protected-resource metadata, named by every 401. */
export function metadataUrl(): string {
  return `${resourceUrl()}${METADATA_PATH}`;
}

/** The RFC 9728 document: this resource, our authorization server, bearer tokens in the header only. */
export function protectedResourceMetadata(): OAuthProtectedResourceMetadata {
  return {
    resource: resourceUrl(),
    authorization_servers: [authorizationServerUrl()],
    bearer_methods_supported: ["header"],
    resource_name: "Agent Skills",
    resource_documentation: "https://agentskills.io",
  };
}

/**
 * The `WWW-Authenticate` value of a 401 (RFC 6750 §3, RFC 9728 §5.1): it
 * points the client at the metadata, and says `invalid_token` when a token
 * was presented but refused.
 */
export function wwwAuthenticate(tokenPresented: boolean, reason?: string): string {
  const parts = [`resource_metadata="${metadataUrl()}"`];
  if (tokenPresented) {
    parts.push(`error="invalid_token"`);
    if (reason) parts.push(`error_description="${reason.replaceAll('"', "'")}"`);
  }
  return `Bearer ${parts.join(", ")}`;
}
