/**
 * Which redirect URIs a dynamically registered client may register (RFC 7591
 * §5; the allow-list is `OAUTH_REDIRECT_ALLOWLIST`, config.ts). Patterns are
 * whole URLs in which `*` stands for one path segment or a port (no `/ ? #`)
 * and `**` for any path. Hand-rolled because glob libraries match file paths,
 * not URLs, and the rule fits in a regular expression. At authorization time
 * redirect URIs are then compared exactly, never by pattern.
 */

function toRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? "[^?#]*" : part === "*" ? "[^/?#:]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

/**
 * Whether `uri` is a redirect URI a client may register: an absolute URL,
 * without fragment or credentials, matching one of `patterns`.
 */
export function redirectAllowed(uri: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  if (parsed.hash || uri.includes("#") || parsed.username || parsed.password) return false;
  return patterns.some((pattern) => toRegExp(pattern).test(uri));
}
