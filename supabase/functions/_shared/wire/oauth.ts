/**
 * Wire shapes of the `oauth` function that the CLI reads: the token
 * endpoint's answer and the authorization-server metadata. The server builds
 * both typed by these schemas and the CLI parses them with the same objects.
 * Its errors stay RFC 6749's `{error, error_description}`
 * (oauth/lib/oauth-error.ts), not the api's error body, so they are not here;
 * nor is `index.ts`'s list of the api's shapes.
 */
import * as z from "zod/mini";

/**
 * POST /oauth/token answer for both grants (authorization_code and
 * refresh_token): the access token, the rotated refresh token, `expires_in`
 * seconds, and `scope` when the grant carries one.
 */
export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  refresh_token: z.string(),
  scope: z.optional(z.string()),
});

/**
 * GET /oauth/.well-known/oauth-authorization-server (RFC 8414). The issuer
 * and the two endpoints of the code flow are required because the CLI's
 * browser login uses them; the rest is what the server advertises to other
 * clients (MCP clients among them), optional because the CLI does not read it.
 */
export const authorizationServerMetadata = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  registration_endpoint: z.optional(z.string()),
  response_types_supported: z.optional(z.array(z.string())),
  response_modes_supported: z.optional(z.array(z.string())),
  grant_types_supported: z.optional(z.array(z.string())),
  code_challenge_methods_supported: z.optional(z.array(z.string())),
  token_endpoint_auth_methods_supported: z.optional(z.array(z.string())),
  client_id_metadata_document_supported: z.optional(z.boolean()),
  authorization_response_iss_parameter_supported: z.optional(z.boolean()),
});
