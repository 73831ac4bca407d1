/**
 * The GoTrue-compatible auth emulator as a web-standard fetch handler for
 * `/auth/v1/*` (README "The local platform"): routing, CORS, the API-key
 * gate of Supabase's gateway, GoTrue's rate limits and its error rendering.
 */
import type postgres from "postgres";
import { getUser, logout } from "./account.ts";
import type { AuthContext, EmulatorSettings } from "./context.ts";
import { AuthError, errorResponse, json } from "./errors.ts";
import { passwordGrant, refreshTokenGrant, signup } from "./grants.ts";
import type { JwtKeys, OpaqueApiKeys } from "./keys.ts";
import { readParams } from "./params.ts";
import { clientAddress, createRateLimits, type AddressLimiter } from "./rate-limits.ts";
import { verifyApiKey } from "./tokens.ts";
import { verifyGet, verifyPost } from "./verify.ts";

/** Options of createAuthHandler. */
export interface AuthHandlerOptions {
  /** Connection to the database holding the shim's `auth` tables; used only inside `sql.begin`. */
  sql: postgres.Sql;
  /** `<public URL>/auth/v1`: the access tokens' `iss`, and the base of confirmation links. */
  issuer: string;
  /** From loadJwtKeys. */
  keys: JwtKeys;
  /** The `[auth]` settings (loadAuthSettings) with site_url resolved. */
  settings: EmulatorSettings;
  /** The opaque API keys the gateway accepts besides the legacy JWT ones. */
  apiKeys?: OpaqueApiKeys;
  /** Where confirmation links are printed instead of mailed; default console.log. */
  log?: (line: string) => void;
}

/** A web-standard request handler. */
export type FetchHandler = (req: Request) => Promise<Response>;

/** The prefix every auth route lives under, as behind Supabase's gateway. */
export const AUTH_PREFIX = "/auth/v1";

/** The kind of API key a request carried; only a secret key may forward its caller's address. */
type ApiKeyKind = "anon" | "service_role" | "publishable" | "secret";

/**
 * Creates the emulator. Routes (all under /auth/v1): POST /signup,
 * POST /token?grant_type=password|refresh_token, GET|POST /verify, GET /user,
 * POST /logout, GET /.well-known/jwks.json (/verify and the JWKS are public;
 * all others need an `apikey`).
 * @returns a handler that never throws: failures become GoTrue error responses.
 */
export function createAuthHandler(options: AuthHandlerOptions): FetchHandler {
  const ctx: AuthContext = {
    sql: options.sql,
    issuer: options.issuer,
    keys: options.keys,
    settings: options.settings,
    limits: createRateLimits(options.settings.rateLimit),
    log: options.log ?? console.log,
  };
  const apiKeys = options.apiKeys;
  return async (req) => {
    let res: Response;
    try {
      res = await route(ctx, apiKeys, req);
    } catch (error) {
      res = renderError(error, req);
    }
    return withCors(req, res);
  };
}

async function route(ctx: AuthContext, apiKeys: OpaqueApiKeys | undefined, req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (req.method === "OPTIONS") return new Response(null, { status: 204 });
  if (!url.pathname.startsWith(`${AUTH_PREFIX}/`)) return notFound();
  const path = url.pathname.slice(AUTH_PREFIX.length);

  if (path === "/.well-known/jwks.json") {
    if (req.method !== "GET") return methodNotAllowed();
    return json(200, ctx.keys.jwks, { "cache-control": "public, max-age=600" });
  }
  const endpoint = ENDPOINTS[path];
  if (!endpoint) return notFound();
  if (!endpoint.methods.includes(req.method)) return methodNotAllowed();

  const kind = await checkApiKey(ctx, apiKeys, req, url);
  if (kind instanceof Response && !endpoint.open) return kind;
  const address = clientAddress(req.headers, kind === "secret");
  const limit = (limiter: AddressLimiter) => {
    if (address !== undefined) limiter.take(address);
  };
  return endpoint.run(ctx, req, url, limit);
}

type Limit = (limiter: AddressLimiter) => void;
type Endpoint = {
  methods: string[];
  /** Reachable without an API key, as the gateway's open auth routes (a mailed link is opened by a browser). */
  open?: true;
  run: (ctx: AuthContext, req: Request, url: URL, limit: Limit) => Promise<Response>;
};

const ENDPOINTS: Record<string, Endpoint> = {
  "/signup": {
    methods: ["POST"],
    run: async (ctx, req, _url, limit) => {
      const params = await readParams(req);
      // GoTrue's router: a body with neither email nor phone is an anonymous sign-in.
      if (!params.email && !params.phone) {
        throw new AuthError(422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled");
      }
      limit(ctx.limits.signups);
      return json(200, await signup(ctx, params, req));
    },
  },
  "/token": {
    methods: ["POST"],
    run: async (ctx, req, url, limit) => {
      const grantType = url.searchParams.get("grant_type");
      const grant = grantType === "password" ? passwordGrant : grantType === "refresh_token" ? refreshTokenGrant : undefined;
      // GoTrue files this under invalid_credentials, not validation_failed.
      if (!grant) throw new AuthError(400, "invalid_credentials", "unsupported_grant_type");
      // Every grant draws on the one token_refresh bucket, password logins included (token.go).
      limit(ctx.limits.token);
      return json(200, await grant(ctx, await readParams(req)));
    },
  },
  "/verify": {
    methods: ["GET", "POST"],
    open: true,
    run: async (ctx, req, url, limit) => {
      limit(ctx.limits.verify);
      if (req.method === "GET") return verifyGet(ctx, req, url);
      return json(200, await verifyPost(ctx, await readParams(req)));
    },
  },
  "/user": { methods: ["GET"], run: async (ctx, req) => json(200, await getUser(ctx, req.headers.get("authorization"))) },
  "/logout": {
    methods: ["POST"],
    run: async (ctx, req, url) => {
      await logout(ctx, req.headers.get("authorization"), url.searchParams.get("scope"));
      return new Response(null, { status: 204 });
    },
  },
};

// Supabase's gateway, not GoTrue, demands the key; these are its answers.
async function checkApiKey(
  ctx: AuthContext,
  apiKeys: OpaqueApiKeys | undefined,
  req: Request,
  url: URL,
): Promise<ApiKeyKind | Response> {
  const bearer = /^bearer (\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  const apiKey = req.headers.get("apikey") ?? url.searchParams.get("apikey") ?? bearer;
  if (!apiKey) {
    return json(401, { message: "No API key found in request", hint: "No `apikey` request header or url param was found." });
  }
  if (apiKeys && apiKey === apiKeys.secret) return "secret";
  if (apiKeys && apiKey === apiKeys.publishable) return "publishable";
  const role = await verifyApiKey(ctx.keys, apiKey);
  if (!role) {
    return json(401, { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." });
  }
  return role;
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
