/**
 * Where GoTrue sends a browser after a confirmation link (utilities.GetReferrer,
 * IsRedirectURLValid), and Go's URL query encoding, which GoTrue's links and
 * redirect fragments are written in.
 */
import { isIP } from "node:net";
import type { EmulatorSettings } from "./context.ts";

/**
 * The redirect target of a request: its `redirect_to` (query parameter or
 * header) if allowed, else its Referer if allowed, else site_url.
 */
export function referrer(req: Request, url: URL, settings: Pick<EmulatorSettings, "siteUrl" | "additionalRedirectUrls">): string {
  const requested = req.headers.get("redirect_to") || url.searchParams.get("redirect_to") || "";
  if (isRedirectUrlValid(settings, requested)) return requested;
  const referer = req.headers.get("referer") ?? "";
  if (isRedirectUrlValid(settings, referer)) return referer;
  return settings.siteUrl;
}

const DECIMAL_HOST = /^[0-9]+$/;
const REGULAR_HOST = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;

/**
 * GoTrue's redirect check: same scheme, host and port as site_url (any port on
 * a loopback host), any loopback IP, or a match of an
 * `additional_redirect_urls` glob (`*` within one path or host segment, `**` across them).
 */
export function isRedirectUrlValid(settings: Pick<EmulatorSettings, "siteUrl" | "additionalRedirectUrls">, candidate: string): boolean {
  if (!candidate || !URL.canParse(candidate) || !URL.canParse(settings.siteUrl)) return false;
  const base = new URL(settings.siteUrl);
  const target = new URL(candidate);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  if (base.hostname === target.hostname && base.protocol === target.protocol && (base.port === target.port || isLocalhost(host))) {
    return true;
  }
  const isHttp = target.protocol === "http:" || target.protocol === "https:";
  if (DECIMAL_HOST.test(host)) return false;
  if (isIP(host)) return isLoopbackIp(host);
  if (isHttp && !REGULAR_HOST.test(host)) return false;
  const withoutFragment = candidate.split("#", 1)[0]!;
  return settings.additionalRedirectUrls.some((pattern) => globToRegExp(pattern).test(withoutFragment));
}

function isLocalhost(host: string): boolean {
  const lower = host.toLowerCase();
  return ["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"].includes(lower) || lower.endsWith(".localhost");
}

function isLoopbackIp(ip: string): boolean {
  return isIP(ip) === 4 ? ip.startsWith("127.") : ip === "::1" || /^::ffff:127\./i.test(ip);
}

// gobwas/glob compiled with '.' and '/' as separators, for the `*`, `**` and `?` it is used with here.
function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (char === "*") source += "[^./]*";
    else if (char === "?") source += "[^./]";
    else source += char.replace(/[\\^$+.()|{}[\]]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` percent-encoded, space as `+`. */
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Go's url.Values.Encode: `key=value` pairs sorted by key. */
export function goEncodeValues(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(values[key]!)}`)
    .join("&");
}

/** How GoTrue puts a redirect URL into a mailed link: escaped only if it holds `&`, `=` or `#`. */
export function encodeRedirectUrl(url: string): string {
  return /[&=#]/.test(url) ? goQueryEscape(url) : url;
}
