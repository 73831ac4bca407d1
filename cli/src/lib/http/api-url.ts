/**
 * What counts as the URL of a registry's API: an http(s) URL whose path ends
 * in `/api` (the platform serves it at `…/functions/v1/api`; the OAuth
 * issuer is found by swapping that last segment, `oauth-login.ts`). A
 * project URL, the bare functions URL or the URL of the sibling `oauth` or
 * `mcp` function is a likely paste: it is refused with the URL to use.
 * Pure: text in, the canonical URL or the reason out. Every place that takes
 * an API URL (`--api-url`, `SKILLS_API_URL`, `skills config api_url`, a
 * `.skills.yaml` source's `url`) goes through `checkApiUrl`.
 */

/** The path the platform serves its API at, below the project's URL. */
export const API_PATH = "/functions/v1/api";

/** An accepted API URL (`url`, canonical: no trailing slash) or the reason it is refused, with the fix. */
export type ApiUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

/**
 * Checks an API URL.
 * @returns `{ ok, url }` with trailing slashes dropped, or `{ ok: false, problem }`: one sentence
 *   such as `https://x.supabase.co is the project, not its API: use https://x.supabase.co/functions/v1/api.`
 */
export function checkApiUrl(raw: string): ApiUrlCheck {
  const text = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, problem: `${JSON.stringify(raw)} is not a URL: expected http(s)://host${API_PATH}.` };
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || !/^https?:\/\//i.test(text)) {
    return { ok: false, problem: `${JSON.stringify(raw)} is not an http(s) URL: expected http(s)://host${API_PATH}.` };
  }
  const url = text.replace(/\/+$/, "");
  const path = parsed.pathname.replace(/\/+$/, "");
  if (parsed.search !== "" || parsed.hash !== "") {
    return { ok: false, problem: `${url} has a query or fragment: an API URL ends in /api, e.g. ${parsed.origin}${path.endsWith("/api") ? path : API_PATH}.` };
  }
  if (path.endsWith("/api")) return { ok: true, url };
  const base = `${parsed.origin}${path}`;
  const use = (fixed: string) => `use ${fixed}.`;
  const fn = /^(.*\/functions\/v1)(?:\/(oauth|mcp)(?:\/.*)?)?$/.exec(path);
  if (fn?.[2]) return { ok: false, problem: `${url} is the ${fn[2] === "mcp" ? "MCP server" : "OAuth server"}, not the API: ${use(`${parsed.origin}${fn[1]}/api`)}` };
  if (fn) return { ok: false, problem: `${url} is the functions URL, not the API: ${use(`${base}/api`)}` };
  if (path === "") return { ok: false, problem: `${url} is the project, not its API: ${use(`${parsed.origin}${API_PATH}`)}` };
  return { ok: false, problem: `${url} is not an API URL (its path must end in /api): expected something like ${parsed.origin}${API_PATH}.` };
}
