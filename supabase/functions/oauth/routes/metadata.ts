/**
 * Authorization-server metadata (RFC 8414) under the function path, and the
 * same document at the OpenID-style location beside it: hosted Supabase
 * cannot route a root `/.well-known`, and MCP clients (authorization spec
 * 2025-11-25, "Authorization Server Metadata Discovery") try
 * `<issuer>/.well-known/openid-configuration` for an issuer with a path.
 */
import { Hono, type Context } from "hono";
import type * as z from "zod/mini";
import { authIssuer } from "../../_shared/public-url.ts";
import type { authorizationServerMetadata } from "../../_shared/wire/oauth.ts";
import { issuer } from "../lib/config.ts";

/**
 * The metadata document, typed by the wire's `authorizationServerMetadata`
 * that the CLI parses it with; `issuer` is exactly what `iss` (RFC 9207) carries.
 */
export function metadataDocument() {
  const base = issuer();
  return {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    registration_endpoint: `${base}/register`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  } satisfies z.input<typeof authorizationServerMetadata>;
}

/**
 * The OpenID-style document: the same metadata plus the fields OpenID
 * Discovery makes mandatory, because MCP clients (the official SDK among
 * them) validate it as OpenID provider metadata and stop when they are
 * missing. `jwks_uri` is Supabase Auth's, whose keys sign our access tokens,
 * at the public URL a client can reach (empty for a project on the legacy
 * HS256 secret, whose tokens only Auth itself can check).
 */
export function openIdConfiguration() {
  return {
    ...metadataDocument(),
    jwks_uri: `${authIssuer()}/.well-known/jwks.json`,
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["ES256"],
  };
}

const cache = { "cache-control": "public, max-age=300" };

/** GET /.well-known/oauth-authorization-server and /.well-known/openid-configuration. */
export const metadataRoutes = new Hono()
  .get("/.well-known/oauth-authorization-server", (c: Context) => c.json(metadataDocument(), 200, cache))
  .get("/.well-known/openid-configuration", (c: Context) => c.json(openIdConfiguration(), 200, cache));
