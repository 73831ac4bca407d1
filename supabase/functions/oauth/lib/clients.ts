/**
 * OAuth clients: lookup (registered rows, or a Client ID Metadata Document
 * when the client_id is an https URL), exact redirect-URI matching, and
 * client authentication at the token endpoint (RFC 6749 §2.3).
 */
import { Buffer } from "node:buffer";
import { withService } from "../../_shared/db.ts";
import { isStorableText, UNSTORABLE_TEXT } from "../../_shared/text.ts";
import { fetchMetadataDocument, isMetadataDocumentUrl } from "./metadata-document.ts";
import { OAuthError } from "./oauth-error.ts";
import { safeEqual, tokenHash } from "./secrets.ts";

/** A client as the authorization server sees it. */
export interface OAuthClient {
  id: string;
  name: string;
  redirectUris: string[];
  authMethod: "none" | "client_secret_post" | "client_secret_basic";
  secretHash: string | null;
}

interface ClientRow {
  id: string;
  name: string;
  redirect_uris: string[];
  token_endpoint_auth_method: OAuthClient["authMethod"];
  secret_hash: string | null;
  kind: string;
  stale: boolean;
}

function fromRow(row: ClientRow): OAuthClient {
  return {
    id: row.id,
    name: row.name,
    redirectUris: row.redirect_uris,
    authMethod: row.token_endpoint_auth_method,
    secretHash: row.secret_hash,
  };
}

/**
 * The client `clientId` names, or null when there is none. A metadata
 * document client is fetched when unknown or stale and cached as a row (so
 * codes can reference it); a document that cannot be fetched or is invalid
 * means no client.
 */
export async function findClient(clientId: string): Promise<OAuthClient | null> {
  if (clientId.length === 0 || clientId.length > 2000) return null;
  const [row] = await withService((tx) =>
    tx<ClientRow[]>`
      select id, name, redirect_uris, token_endpoint_auth_method, secret_hash, kind,
             coalesce(refresh_after < now(), false) as stale
      from public.oauth_clients where id = ${clientId}`
  );
  if (row && !(row.kind === "metadata_document" && row.stale)) return fromRow(row);
  if (!isMetadataDocumentUrl(clientId)) return null;
  const doc = await fetchMetadataDocument(clientId);
  if (!doc) return null;
  const [saved] = await withService((tx) =>
    tx<ClientRow[]>`
      insert into public.oauth_clients (id, name, redirect_uris, token_endpoint_auth_method, kind, refresh_after)
      values (${clientId}, ${doc.name}, ${doc.redirectUris}, 'none', 'metadata_document',
              now() + make_interval(secs => ${doc.maxAgeSeconds}))
      on conflict (id) do update
        set name = excluded.name, redirect_uris = excluded.redirect_uris, refresh_after = excluded.refresh_after
        where public.oauth_clients.kind = 'metadata_document'
      returning id, name, redirect_uris, token_endpoint_auth_method, secret_hash, kind, false as stale`
  );
  return saved ? fromRow(saved) : null;
}

/** Exact string comparison against the registered URIs (OAuth 2.1 §2.3.1: no prefix, no wildcard). */
export function redirectRegistered(client: OAuthClient, redirectUri: string): boolean {
  return client.redirectUris.includes(redirectUri);
}

/** What the token request presented to identify its client. */
export interface PresentedCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
  method: "none" | "client_secret_post" | "client_secret_basic";
}

/**
 * The client credentials of a token request: HTTP Basic (RFC 6749 §2.3.1,
 * form-urlencoded id and secret) or body parameters.
 * @throws OAuthError invalid_request for a malformed header or two methods at once.
 */
export function presentedCredentials(authorization: string | undefined, params: Record<string, string>): PresentedCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (basic) {
    if (params.client_secret) throw new OAuthError("invalid_request", "Use one client authentication method");
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new OAuthError("invalid_request", "Malformed Basic authorization header");
    try {
      const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      const clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
      // The header is the one input the body and URL checks of app.ts do not see.
      if (!isStorableText(clientId) || !isStorableText(clientSecret)) {
        throw new OAuthError("invalid_request", `The Basic authorization header ${UNSTORABLE_TEXT}`);
      }
      if (params.client_id && params.client_id !== clientId) {
        throw new OAuthError("invalid_request", "client_id differs from the authorization header");
      }
      return { clientId, clientSecret, method: "client_secret_basic" };
    } catch (error) {
      if (error instanceof OAuthError) throw error;
      throw new OAuthError("invalid_request", "Malformed Basic authorization header");
    }
  }
  if (params.client_secret) return { clientId: params.client_id, clientSecret: params.client_secret, method: "client_secret_post" };
  return { clientId: params.client_id, clientSecret: undefined, method: "none" };
}

/**
 * Authenticates the client of a token request by its registered method.
 * @throws OAuthError invalid_client (401) for an unknown client, a wrong or
 *   missing secret, or another method than the registered one.
 */
export async function authenticateClient(credentials: PresentedCredentials): Promise<OAuthClient> {
  if (!credentials.clientId) throw new OAuthError("invalid_client", "Client authentication failed: no client_id");
  const client = await findClient(credentials.clientId);
  if (!client) throw new OAuthError("invalid_client", "Client authentication failed");
  if (client.authMethod === "none") {
    if (credentials.method !== "none") throw new OAuthError("invalid_client", "This client is public: send no client secret");
    return client;
  }
  const secretOk = credentials.method === client.authMethod && credentials.clientSecret !== undefined &&
    client.secretHash !== null && safeEqual(tokenHash(credentials.clientSecret), client.secretHash);
  if (!secretOk) throw new OAuthError("invalid_client", "Client authentication failed");
  return client;
}
