/**
 * POST /oauth/register: dynamic client registration (RFC 7591). Redirect
 * URIs must match the configured allow-list (config.ts); a confidential
 * client gets a secret once, stored only as its sha256.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { withService } from "../../_shared/db.ts";
import { redirectAllowList } from "../lib/config.ts";
import { NO_STORE, OAuthError } from "../lib/oauth-error.ts";
import { redirectAllowed } from "../lib/redirect-patterns.ts";
import { randomToken, tokenHash } from "../lib/secrets.ts";

const metadata = z.object({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(20),
  client_name: z.string().trim().min(1).max(200).optional(),
  // RFC 7591 §2 defaults to client_secret_basic; MCP clients normally ask for none.
  token_endpoint_auth_method: z.enum(["none", "client_secret_post", "client_secret_basic"]).default("client_secret_basic"),
  grant_types: z.array(z.enum(["authorization_code", "refresh_token"])).min(1).default(["authorization_code", "refresh_token"]),
  response_types: z.array(z.literal("code")).min(1).default(["code"]),
});

/** The registration endpoint. */
export const registerRoutes = new Hono().post("/register", async (c) => {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new OAuthError("invalid_client_metadata", "The body must be a JSON object of client metadata");
  }
  const parsed = metadata.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    throw new OAuthError(
      field === "redirect_uris" ? "invalid_redirect_uri" : "invalid_client_metadata",
      `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const meta = parsed.data;
  const patterns = redirectAllowList();
  const refused = meta.redirect_uris.find((uri) => !redirectAllowed(uri, patterns));
  if (refused !== undefined) {
    throw new OAuthError("invalid_redirect_uri", `Redirect URI not allowed on this server: ${refused.slice(0, 200)}`);
  }
  const clientId = randomUUID();
  const secret = meta.token_endpoint_auth_method === "none" ? null : randomToken();
  const name = meta.client_name ?? "Unnamed application";
  const [row] = await withService((tx) => tx<{ issued_at: number }[]>`
    insert into public.oauth_clients (id, name, secret_hash, token_endpoint_auth_method, redirect_uris, kind)
    values (${clientId}, ${name}, ${secret === null ? null : tokenHash(secret)}, ${meta.token_endpoint_auth_method},
            ${meta.redirect_uris}, 'dynamic')
    returning extract(epoch from created_at)::bigint as issued_at`);
  return c.json(
    {
      client_id: clientId,
      client_id_issued_at: Number(row!.issued_at),
      ...(secret === null ? {} : { client_secret: secret, client_secret_expires_at: 0 }),
      client_name: name,
      redirect_uris: meta.redirect_uris,
      token_endpoint_auth_method: meta.token_endpoint_auth_method,
      grant_types: meta.grant_types,
      response_types: meta.response_types,
    },
    201,
    NO_STORE,
  );
});
