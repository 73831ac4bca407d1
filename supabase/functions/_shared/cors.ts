/**
 * CORS for browser-based clients (web app, MCP Inspector): any origin, bearer
 * tokens only (no cookies), so allowing `*` exposes nothing extra.
 */
import { cors } from "hono/cors";

/** Hono middleware answering preflights and adding CORS headers. */
export const corsMiddleware = cors({
  origin: "*",
  allowHeaders: ["authorization", "x-client-info", "apikey", "content-type", "mcp-protocol-version", "mcp-session-id"],
  allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
  exposeHeaders: ["WWW-Authenticate", "mcp-session-id"],
  maxAge: 86400,
});
