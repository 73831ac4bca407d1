/**
 * The `oauth` Edge Function: an OAuth 2.1 authorization server for MCP
 * clients and the CLI (MCP authorization
 * 2025-11-25): metadata, dynamic registration, the login/consent page and
 * the token endpoint, all under `/oauth`; also the page Auth's email
 * confirmation links land on.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { corsMiddleware } from "../_shared/cors.ts";
import { refuseUnstorableBody, refuseUnstorableUrl } from "../_shared/text.ts";
import { OAuthError, oauthErrorResponse } from "./lib/oauth-error.ts";
import { authorizeRoutes } from "./routes/authorize.ts";
import { emailConfirmedRoutes } from "./routes/email-confirmed.ts";
import { metadataRoutes } from "./routes/metadata.ts";
import { registerRoutes } from "./routes/register.ts";
import { tokenRoutes } from "./routes/token.ts";

/** Every request body here is a small form or JSON document. */
const MAX_BODY_BYTES = 64 * 1024;

/** The oauth app under `/oauth`. */
export const app = new Hono().basePath("/oauth");

// Browser-based MCP clients call metadata, registration and token endpoints cross-origin.
app.use("*", corsMiddleware);
app.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new OAuthError("invalid_request", `Request body exceeds ${MAX_BODY_BYTES} bytes`, 413);
    },
  }),
);
// Every parameter here (query, form or JSON) may reach SQL: refuse what Postgres cannot store, once.
app.use("*", refuseUnstorableUrl((message) => new OAuthError("invalid_request", message)));
app.use("*", refuseUnstorableBody((message) => new OAuthError("invalid_request", message)));
app.onError(oauthErrorResponse);
app.notFound((c) => c.json({ error: "invalid_request", error_description: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

app.route("/", metadataRoutes);
app.route("/", authorizeRoutes);
app.route("/", tokenRoutes);
app.route("/", registerRoutes);
app.route("/", emailConfirmedRoutes);
