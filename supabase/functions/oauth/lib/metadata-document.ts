/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document,
 * MCP authorization 2025-11-25 "Client ID Metadata Documents"): a client_id
 * that is an https URL names a JSON document of the client's metadata, which
 * we fetch, validate and cache. Only public clients (`none`): private_key_jwt
 * is not supported.
 *
 * Fetching a URL a stranger chose is an SSRF risk: https only, no IP-literal
 * or loopback hosts, no redirects, a 5 s timeout and a 5 KB cap.
 */
import { Buffer } from "node:buffer";
import { z } from "zod";

const MAX_BYTES = 5 * 1024;
const TIMEOUT_MS = 5000;

/** Whether `clientId` has the shape of a metadata-document URL (https, a path, nothing else). */
export function isMetadataDocumentUrl(clientId: string): boolean {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.pathname !== "/" && !url.hash && !clientId.includes("#") &&
    !url.username && !url.password && !/\/\.\.?(\/|$)/.test(url.pathname) && url.href === clientId &&
    !isInternalHost(url.hostname);
}

function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") ||
    host.endsWith(".internal") || /^[\d.]+$/.test(host) || host.includes(":");
}

const documentSchema = z.object({
  client_id: z.string(),
  client_name: z.string().min(1).max(200),
  redirect_uris: z.array(z.url()).min(1).max(20),
  token_endpoint_auth_method: z.literal("none").optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
});

/** What we keep of a valid document. */
export interface MetadataDocument {
  name: string;
  redirectUris: string[];
  /** How long to cache it: Cache-Control max-age clamped to 5 min .. 1 day (default 1 hour). */
  maxAgeSeconds: number;
}

/**
 * Fetches and validates the document at `url`.
 * @returns null when it cannot be fetched, is not JSON, or its `client_id`
 *   is not exactly `url` (the draft's MUST), so the client is unknown.
 */
export async function fetchMetadataDocument(url: string): Promise<MetadataDocument | null> {
  try {
    const res = await fetch(url, {
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: "application/json" },
    });
    if (!res.ok || !res.body) return null;
    const text = await readCapped(res.body);
    if (text === null) return null;
    const parsed = documentSchema.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.client_id !== url) return null;
    if (parsed.data.redirect_uris.some((u) => u.includes("#"))) return null;
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "")?.[1] ?? 3600);
    return {
      name: parsed.data.client_name,
      redirectUris: parsed.data.redirect_uris,
      maxAgeSeconds: Math.min(Math.max(maxAge, 300), 86_400),
    };
  } catch {
    return null;
  }
}

async function readCapped(body: ReadableStream<Uint8Array>): Promise<string | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BYTES) return null;
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
