/**
 * The `mcp` Edge Function: Streamable HTTP at
 * `/functions/v1/mcp`, stateless, OAuth-protected. POST carries JSON-RPC;
 * GET (a server-to-client SSE stream) and DELETE (ending a session) are not
 * offered by a stateless server, so they answer 405 as the transport spec allows.
 */
import { Hono } from "hono";
import { corsMiddleware } from "../_shared/cors.ts";
import { errorResponse, notFoundResponse } from "../_shared/respond.ts";
import { requireMcpUser, type McpEnv } from "./lib/authenticate.ts";
import { METADATA_PATH, protectedResourceMetadata } from "./lib/resource.ts";
import { handleMcpPost } from "./server.ts";

/** The mcp app under `/mcp` (the gateway strips `/functions/v1`). */
export const app = new Hono<McpEnv>().basePath("/mcp");
app.use("*", corsMiddleware);
app.onError(errorResponse);
app.notFound(notFoundResponse);

// RFC 9728 protected-resource metadata, public: it is how a client finds our OAuth server.
app.get(METADATA_PATH, (c) => c.json(protectedResourceMetadata()));

// Every method needs a token: the 401 is what starts a client's OAuth discovery. The transport
// spec's Origin check guards unauthenticated local servers against DNS rebinding; here a bearer
// token a rebinding page cannot obtain is required, and browser clients (the Inspector) need CORS.
app.use("/", requireMcpUser);
app.post("/", (c) => handleMcpPost(c.req.raw, c.get("claims")));
app.on(["GET", "DELETE"], "/", (c) => {
  c.header("Allow", "POST");
  return c.json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this stateless server takes POST only" }, id: null }, 405);
});
