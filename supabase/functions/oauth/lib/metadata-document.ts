/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document,
 * MCP authorization 2025-11-25 "Client ID Metadata Documents"): a client_id
 * that is an https URL names a JSON document of the client's metadata, which
 * we fetch, validate and cache. Only public clients (`none`): private_key_jwt
 * is not supported.
 *
 * Fetching a URL a stranger chose is an SSRF risk. The name must look public
 * (https, no IP literal, no `localhost` or internal suffix); then it is
 * resolved, EVERY address must be public (not loopback, private, link-local,
 * CGNAT, metadata, unique-local, mapped, multicast, reserved…), and the
 * connection goes to those checked addresses, while TLS and the Host header
 * keep the name, so the name cannot be re-resolved to somewhere else in
 * between (DNS rebinding). A redirect is checked the same way before it is
 * followed, at most three times; a 5 s deadline and a 5 KB cap bound the rest.
 */
import { Buffer } from "node:buffer";
import { lookup } from "node:dns/promises";
import type { IncomingMessage } from "node:http";
import { request } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { z } from "zod";

const MAX_BYTES = 5 * 1024;
const TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 3;

/** Whether `clientId` has the shape of a metadata-document URL (https, a path, nothing else). */
export function isMetadataDocumentUrl(clientId: string): boolean {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  return url.pathname !== "/" && !url.hash && !clientId.includes("#") && !/\/\.\.?(\/|$)/.test(url.pathname) &&
    url.href === clientId && isFetchableUrl(url);
}

/** https, no credentials, and a host that is a name which does not say it is internal. */
function isFetchableUrl(url: URL): boolean {
  return url.protocol === "https:" && !url.username && !url.password && !isInternalHost(url.hostname);
}

function isInternalHost(hostname: string): boolean {
  // `localhost.` is `localhost`: a trailing dot only makes the name fully qualified.
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.+$/, "");
  return host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") ||
    host.endsWith(".internal") || /^[\d.]+$/.test(host) || host.includes(":");
}

/**
 * Address ranges that are not the public internet (IANA's IPv4 and IPv6
 * special-purpose registries, plus multicast): reaching any of them from the
 * server would reach its own network, its cloud's metadata service, or a
 * translation of such an address (NAT64, 6to4, Teredo, IPv4-mapped).
 */
// One list per family: a BlockList also checks an IPv4 address against the
// IPv6 rules in its mapped form, and ::ffff:0:0/96 would then refuse them all.
const NOT_PUBLIC_V4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC_V4.addSubnet(network, prefix, "ipv4");
}
const NOT_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ["::", 96], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23],
  ["2001:db8::", 32], ["2002::", 16], ["3fff::", 20], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) {
  NOT_PUBLIC_V6.addSubnet(network, prefix, "ipv6");
}

/** True when `address` (an IPv4 or IPv6 literal) is on the public internet; false for anything else, malformed included. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC_V4.check(address, "ipv4");
  if (family === 6) return !NOT_PUBLIC_V6.check(address, "ipv6");
  return false;
}

/** Every address a name resolves to, as the operating system's resolver (what a connection would use) gives them. */
export type ResolveAll = (hostname: string) => Promise<string[]>;

const resolveAll: ResolveAll = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Seams for the tests: the resolver, which addresses count as public, extra trusted CAs (PEM). */
export interface FetchOptions {
  resolve?: ResolveAll;
  isPublic?: (address: string) => boolean;
  ca?: string[];
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
 * @returns null when it cannot be fetched (a name resolving to any address
 *   that is not public, a redirect that would lead to one, more than three
 *   redirects, a timeout, over 5 KB), is not JSON, or its `client_id` is not
 *   exactly `url` (the draft's MUST), so the client is unknown.
 */
export async function fetchMetadataDocument(url: string, options: FetchOptions = {}): Promise<MetadataDocument | null> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      if (!isFetchableUrl(target)) return null;
      const addresses = await abortable(signal, (options.resolve ?? resolveAll)(target.hostname));
      if (addresses.length === 0 || !addresses.every(options.isPublic ?? isPublicAddress)) return null;
      const res = await getPinned(target, addresses, signal, options.ca);
      if (res.location === undefined) {
        if (res.status !== 200 || res.body === null) return null;
        return parseDocument(url, res.body, res.cacheControl);
      }
      if (redirects === MAX_REDIRECTS) return null;
      target = new URL(res.location, target);
    }
  } catch {
    return null;
  }
}

function parseDocument(url: string, text: string, cacheControl: string | undefined): MetadataDocument | null {
  const parsed = documentSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.client_id !== url) return null;
  if (parsed.data.redirect_uris.some((u) => u.includes("#"))) return null;
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl ?? "")?.[1] ?? 3600);
  return {
    name: parsed.data.client_name,
    redirectUris: parsed.data.redirect_uris,
    maxAgeSeconds: Math.min(Math.max(maxAge, 300), 86_400),
  };
}

/** A response as far as we read it: a redirect's target, or the body when at most MAX_BYTES (else null). */
interface PinnedResponse {
  status: number;
  location?: string;
  cacheControl?: string;
  body: string | null;
}

/**
 * GET `url` over a connection to one of `addresses` (never a fresh lookup),
 * with TLS verifying the certificate for the URL's name and sending it as SNI.
 */
function getPinned(url: URL, addresses: string[], signal: AbortSignal, ca: string[] | undefined): Promise<PinnedResponse> {
  const pinned = addresses.map((address) => ({ address, family: isIP(address) }));
  const pin: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as unknown as (error: null, all: typeof pinned) => void)(null, pinned);
    else callback(null, pinned[0]!.address, pinned[0]!.family);
  };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: { accept: "application/json" },
        lookup: pin,
        signal,
        ...(ca ? { ca } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = [301, 302, 303, 307, 308].includes(status) ? res.headers.location : undefined;
        if (location !== undefined) {
          res.resume();
          resolve({ status, location, body: null });
          return;
        }
        readCapped(res).then((body) => resolve({ status, cacheControl: res.headers["cache-control"], body }), reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function readCapped(res: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BYTES) {
      res.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** `promise`, or a rejection once `signal` aborts (a resolver that hangs must not hold the request). */
function abortable<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    }),
  ]);
}
