/**
 * The GoTrue-compatible auth emulator as a web-standard fetch handler for
 * `/auth/v1/*` (DESIGN.md "The local stack", auth): routing, CORS, the API-key
 * gate of Supabase's gateway, and GoTrue's error rendering.
 */
import type postgres from "postgres";
import { getUser, logout } from "./account.ts";
import { AuthError, errorResponse, json } from "./errors.ts";
import { passwordGrant, refreshTokenGrant, signup, type AuthContext } from "./grants.ts";
import { publicJwks, type SigningKey } from "./keys.ts";
import { readParams } from "./params.ts";
import { verifyApiKey } from "./tokens.ts";

/** Options of createAuthHandler. */
export interface AuthHandlerOptions {
  /** Connection to the database holding the shim's `auth` tables; used only inside `sql.begin`. */
  sql: postgres.Sql;
  /** `<SUPABASE_URL>/auth/v1`: the access tokens' `iss`. */
  issuer: string;
  /** From loadOrCreateSigningKey. */
  key: SigningKey;
  /** Access-token lifetime; default 3600 (GoTrue's JWT_EXP). */
  accessTokenTtlSeconds?: number;
  /**
   * How long a rotated refresh token may still be replayed before the replay
   * revokes its session's tokens; default 10 (the Supabase CLI's and hosted default).
   */
  refreshTokenReuseIntervalSeconds?: number;
}

/** A web-standard request handler. */
export type FetchHandler = (req: Request) => Promise<Response>;

/** The prefix every auth route lives under, as behind Supabase's gateway. */
export const AUTH_PREFIX = "/auth/v1";

/**
 * Creates the emulator. Routes (all under /auth/v1): POST /signup,
 * POST /token?grant_type=password|refresh_token, GET /user, POST /logout,
 * GET /.well-known/jwks.json (public; all others need an `apikey`).
 * @returns a handler that never throws: failures become GoTrue error responses.
 */
export function createAuthHandler(options: AuthHandlerOptions): FetchHandler {
  const ctx: AuthContext = {
    sql: options.sql,
    issuer: options.issuer,
    key: options.key,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenReuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds ?? 10,
  };
  return async (req) => {
    let res: Response;
    try {
      res = await route(ctx, req);
    } catch (error) {
      res = renderError(error, req);
    }
    return withCors(req, res);
  };
}

async function route(ctx: AuthContext, req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (req.method === "OPTIONS") return new Response(null, { status: 204 });
  if (!url.pathname.startsWith(`${AUTH_PREFIX}/`)) return notFound();
  const path = url.pathname.slice(AUTH_PREFIX.length);

  if (path === "/.well-known/jwks.json") {
    if (req.method !== "GET") return methodNotAllowed();
    return json(200, publicJwks(ctx.key), { "cache-control": "public, max-age=600" });
  }
  const endpoint = ENDPOINTS[path];
  if (!endpoint) return notFound();
  if (req.method !== endpoint.method) return methodNotAllowed();

  const denied = await checkApiKey(ctx, req, url);
  return denied ?? endpoint.run(ctx, req, url);
}

type Endpoint = { method: string; run: (ctx: AuthContext, req: Request, url: URL) => Promise<Response> };

const ENDPOINTS: Record<string, Endpoint> = {
  "/signup": { method: "POST", run: async (ctx, req) => json(200, await signup(ctx, await readParams(req))) },
  "/token": {
    method: "POST",
    run: async (ctx, req, url) => {
      const grantType = url.searchParams.get("grant_type");
      if (grantType === "password") return json(200, await passwordGrant(ctx, await readParams(req)));
      if (grantType === "refresh_token") return json(200, await refreshTokenGrant(ctx, await readParams(req)));
      // GoTrue files this under invalid_credentials, not validation_failed.
      throw new AuthError(400, "invalid_credentials", "unsupported_grant_type");
    },
  },
  "/user": { method: "GET", run: async (ctx, req) => json(200, await getUser(ctx, req.headers.get("authorization"))) },
  "/logout": {
    method: "POST",
    run: async (ctx, req, url) => {
      await logout(ctx, req.headers.get("authorization"), url.searchParams.get("scope"));
      return new Response(null, { status: 204 });
    },
  },
};

// Supabase's gateway, not GoTrue, demands the key; these are its answers.
async function checkApiKey(ctx: AuthContext, req: Request, url: URL): Promise<Response | undefined> {
  const bearer = /^bearer (\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  const apiKey = req.headers.get("apikey") ?? url.searchParams.get("apikey") ?? bearer;
  if (!apiKey) {
    return json(401, { message: "No API key found in request", hint: "No `apikey` request header or url param was found." });
  }
  if (!(await verifyApiKey(ctx.key, apiKey))) {
    return json(401, { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." });
  }
  return undefined;
}

function renderError(error: unknown, req: Request): Response {
  const version = req.headers.get("x-supabase-api-version");
  if (error instanceof AuthError) {
    if (error.status >= 500) logFailure(error.message, error.cause);
    return errorResponse(error, version);
  }
  logFailure("unhandled error", error);
  return errorResponse(
    new AuthError(500, "unexpected_failure", "Unexpected failure, please check server logs for more information"),
    version,
  );
}

// Only messages and SQLSTATEs: never request bodies, tokens or query parameters.
function logFailure(what: string, cause: unknown): void {
  const detail = cause instanceof Error ? `${cause.message}${"code" in cause ? ` (${String(cause.code)})` : ""}` : "";
  console.error(`auth emulator: ${what}${detail ? `: ${detail}` : ""}`);
}

function notFound(): Response {
  return new Response("404 page not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function methodNotAllowed(): Response {
  return new Response(null, { status: 405 });
}

// rs/cors as GoTrue configures it: any origin, reflected, with credentials.
function withCors(req: Request, res: Response): Response {
  const origin = req.headers.get("origin");
  const headers = new Headers(res.headers);
  headers.append("vary", "Origin");
  if (origin) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-credentials", "true");
    headers.set("access-control-expose-headers", "X-Total-Count, Link, X-Supabase-Api-Version");
  }
  if (req.method === "OPTIONS") {
    headers.set("access-control-allow-origin", origin ?? "*");
    headers.set("access-control-allow-methods", req.headers.get("access-control-request-method") ?? "GET, POST, PUT, PATCH, DELETE");
    const requested = req.headers.get("access-control-request-headers");
    if (requested) headers.set("access-control-allow-headers", requested);
    headers.append("vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
  }
  return new Response(res.body, { status: res.status, headers });
}
