/**
 * The `mcp` Edge Function (spec §5). Its MCP server arrives with the MCP
 * issue; until then every route answers the spec's error shape.
 */
import { Hono } from "hono";
import { corsMiddleware } from "../_shared/cors.ts";
import { errorResponse, notFoundResponse } from "../_shared/respond.ts";

/** The mcp app under `/mcp`. */
export const app = new Hono().basePath("/mcp");
app.use("*", corsMiddleware);
app.onError(errorResponse);
app.notFound(notFoundResponse);
