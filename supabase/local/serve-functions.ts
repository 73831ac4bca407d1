/**
 * Runs under Deno: the local platform's front door on one loopback port, as
 * Supabase's gateway is for a hosted project. `/functions/v1/<name>/…` goes
 * straight to that Edge Function (path stripped of `/functions/v1`, as the
 * edge runtime does); `/auth/v1/…` is forwarded to the auth emulator, which
 * runs in the Node process. Serving functions here rather than behind a Node
 * proxy saves every API call a second HTTP hop (measured by
 * bench/search.ts). Started by functions.ts, never deployed.
 *
 * Environment: PLATFORM_PORT (0 picks a free one), AUTH_UPSTREAM (origin of
 * the auth emulator). SUPABASE_URL is set here from the bound port: the
 * address a function calls Auth at. Clients use the same one unless the
 * platform was given a public URL (SKILLS_PUBLIC_URL), as under `supabase start`.
 */
const port = Number(Deno.env.get("PLATFORM_PORT") ?? "0");
const authUpstream = Deno.env.get("AUTH_UPSTREAM") ?? "";

type FetchApp = { fetch: (req: Request) => Response | Promise<Response> };

function notFound(path: string): Response {
  return Response.json({ error: { code: "NOT_FOUND", message: `No route for ${path}` } }, { status: 404 });
}

/**
 * Forwards an auth request to the emulator, streaming the body both ways. As
 * Supabase's gateway does, it tells Auth who is calling: X-Forwarded-For is
 * replaced by the caller's TCP address (a caller cannot choose its own), and
 * that is what Auth's rate limits are keyed on.
 */
function forwardToAuth(req: Request, url: URL, callerAddress: string): Promise<Response> {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const headers = new Headers(req.headers);
  headers.set("x-forwarded-for", callerAddress);
  return fetch(`${authUpstream}${url.pathname}${url.search}`, {
    method: req.method,
    headers,
    body: hasBody ? req.body : undefined,
    redirect: "manual",
  }).catch(() => Response.json({ error: { code: "INTERNAL_ERROR", message: "Auth is not reachable" } }, { status: 502 }));
}

let apps: Promise<Record<string, FetchApp>> | undefined;

try {
  Deno.serve({
    hostname: "127.0.0.1",
    port,
    onListen: ({ port }) => {
      // Before the apps load: they read SUPABASE_URL lazily, per request.
      Deno.env.set("SUPABASE_URL", `http://127.0.0.1:${port}`);
      apps = Promise.all([
        import("../functions/api/app.ts"),
        import("../functions/oauth/app.ts"),
        import("../functions/mcp/app.ts"),
      ]).then(([api, oauth, mcp]) => ({ api: api.app, oauth: oauth.app, mcp: mcp.app }));
      apps.then(() => console.log(`platform listening on ${port}`));
    },
  }, async (req, info) => {
    const url = new URL(req.url);
    const path = url.pathname;
    if (path.startsWith("/auth/v1/")) return forwardToAuth(req, url, info.remoteAddr.hostname);
    if (!path.startsWith("/functions/v1/") || !apps) return notFound(path);
    const rest = path.slice("/functions/v1".length);
    const target = (await apps)[rest.split("/")[1] ?? ""];
    if (!target) return notFound(path);
    const forwarded = new Request(`${url.origin}${rest}${url.search}`, req);
    // Who called, as hosted Supabase's edge (Cloudflare) tells a function: whatever a
    // client sent in these headers is replaced by its TCP address.
    forwarded.headers.set("cf-connecting-ip", info.remoteAddr.hostname);
    forwarded.headers.set("x-forwarded-for", info.remoteAddr.hostname);
    return target.fetch(forwarded);
  });
} catch (error) {
  console.error(error instanceof Deno.errors.AddrInUse ? `EADDRINUSE: port ${port} is already in use` : String(error));
  Deno.exit(1);
}
