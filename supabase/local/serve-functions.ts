/**
 * Runs under Deno: serves every Edge Function on one loopback port, routing
 * by the first path segment as Supabase's edge runtime does after stripping
 * `/functions/v1`. Started by functions.ts, never deployed.
 */
import { app as api } from "../functions/api/app.ts";
import { app as mcp } from "../functions/mcp/app.ts";
import { app as oauth } from "../functions/oauth/app.ts";

const apps: Record<string, { fetch: (req: Request) => Response | Promise<Response> }> = { api, oauth, mcp };
const port = Number(Deno.env.get("FUNCTIONS_PORT") ?? "0");

Deno.serve({ hostname: "127.0.0.1", port, onListen: ({ port }) => console.log(`functions listening on ${port}`) }, (req) => {
  const name = new URL(req.url).pathname.split("/")[1] ?? "";
  const target = apps[name];
  if (!target) {
    return Response.json({ error: { code: "NOT_FOUND", message: `No function named '${name}'` } }, { status: 404 });
  }
  return target.fetch(req);
});
