/**
 * The session and request half of the CLI's HTTP client, shared by every
 * resource module of `api/`: `ApiClient` sends the bearer token of its API
 * URL, refreshes it shortly before expiry and once on a 401, checks every
 * response against the wire schema its caller hands it, and turns failures
 * into `CliError`s. It imports no schema up front (the error body's and the
 * refresh's where it checks them), so a command loads only the `api/` modules
 * it calls, and zod loads after a request has gone out: a caller may hand its
 * schema as a promise of its import (`api/sync.ts`), so that it loads while
 * the server answers. A warm `skills sync` sends its one request before
 * loading anything it does not need for it.
 */
import type * as z from "zod/mini";
import { CliError, apiError, retryAfterSeconds, type StatusMessages } from "../errors.ts";
import { globalConfig, normalizeApiUrl, type Session, type SessionStore } from "../auth/global-config.ts";
import { httpRequest, RESPONSE_TOO_LARGE } from "./transport.ts";
import type { AuthResponse } from "../../../../supabase/functions/_shared/wire/auth.ts";

/** How an `ApiClient` is set up. */
export interface ApiClientOptions {
  /** Base URL of the `api` function, e.g. `http://127.0.0.1:54321/functions/v1/api`. */
  apiUrl: string;
  /** Where the session of `apiUrl` is read and saved. */
  sessions: SessionStore;
  /** Per-request timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Current time in unix seconds (tests move it). */
  now?: () => number;
}

/** How one request of `ApiClient.request` is made. */
export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string>;
  /** Send the session's bearer token (default true; false for the auth endpoints). */
  auth?: boolean;
  /** Replacements for the default message of some statuses. */
  messages?: StatusMessages;
  /** The largest response body the answer may have, in bytes (see `httpRequest`). */
  maxBytes?: number;
}

/** Stands for the unknown owner of `$SKILLS_TOKEN`. */
const ENV_USER = { id: "", email: "", username: "" };

/** Refresh this many seconds before `expires_at`, so a token does not expire in flight. */
const REFRESH_MARGIN_S = 60;

/** A client of one API URL; see the module comment. */
export class ApiClient {
  readonly apiUrl: string;
  readonly #sessions: SessionStore;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #refreshing: Promise<Session> | undefined;

  constructor(options: ApiClientOptions) {
    this.apiUrl = normalizeApiUrl(options.apiUrl);
    this.#sessions = options.sessions;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /**
   * GETs `path` page after page, passing each `next_cursor` back as `cursor`, until the last page (null or absent cursor).
   * @throws CliError BAD_RESPONSE if the server hands back a cursor it already gave (it would loop forever).
   */
  async allPages<P extends { next_cursor?: string | null | undefined }, T>(
    path: string,
    query: Record<string, string>,
    schema: z.ZodMiniType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    const seen = new Set<string>();
    for (let cursor: string | undefined; ; ) {
      const page = await this.request("GET", path, schema, { query: cursor === undefined ? query : { ...query, cursor } });
      all.push(...items(page));
      if (!page.next_cursor) return all;
      if (seen.has(page.next_cursor)) throw new CliError("BAD_RESPONSE", `GET ${this.apiUrl}${path} returned the same page cursor twice.`);
      seen.add(page.next_cursor);
      cursor = page.next_cursor;
    }
  }

  /**
   * Sends one request (with the session's token unless `options.auth` is false) and checks
   * its answer against `schema`, awaited only once the answer is in when it is a promise.
   * @throws CliError for an error status (`options.messages` may word it), NETWORK when the
   *   server cannot be reached, BAD_RESPONSE when the answer does not match `schema`.
   */
  async request<S extends z.ZodMiniType>(method: string, path: string, schema: S | Promise<S>, options: RequestOptions = {}): Promise<z.output<S>> {
    const useAuth = options.auth ?? true;
    let session = useAuth ? await this.#currentSession() : undefined;
    let response = await this.#send(method, path, options, session);
    if (response.status === 401 && session) {
      if (session.user === ENV_USER) throw refusedEnvToken(session.access_token, await errorMessage(response.data));
      session = await this.#refresh(session);
      response = await this.#send(method, path, options, session);
    }
    if (!response.ok) {
      const error = apiError(response.status, await errorMessage(response.data), options.messages, retryAfterSeconds(response.headers["retry-after"]), response.data);
      // A refusal to a machine token is most often its own limits, not the user's role.
      if (response.status === 403 && session?.user === ENV_USER && isMachineToken(session.access_token) && !path.startsWith("/tokens")) {
        throw new CliError(error.code, `${error.message} SKILLS_TOKEN may be read-only or limited to other registries: \`skills token list\` shows its limits.`, { status: 403 });
      }
      throw error;
    }
    const { parseSchema, firstProblem } = await import("../terminal/schema-issue.ts");
    const parsed = parseSchema(await schema, response.data);
    if (!parsed.success) {
      const { path: at, message } = firstProblem(parsed.error);
      throw new CliError("BAD_RESPONSE", `Unexpected response from ${method} ${this.apiUrl}${path}: ${at.join(".") || "body"}: ${message}.`);
    }
    return parsed.data;
  }

  async #send(method: string, path: string, options: RequestOptions, session: Session | undefined) {
    try {
      return await httpRequest(`${this.apiUrl}${path}`, {
        method,
        body: options.body,
        query: options.query,
        headers: session ? { authorization: `Bearer ${session.access_token}` } : {},
        timeoutMs: this.#timeoutMs,
        maxBytes: options.maxBytes,
      });
    } catch (error) {
      if ((error as Error).name === RESPONSE_TOO_LARGE) {
        throw new CliError("INTEGRITY", `${method} ${this.apiUrl}${path} answered with more than the ${options.maxBytes} bytes it could need; nothing was changed.`, { cause: error });
      }
      throw new CliError("NETWORK", `Cannot reach ${this.apiUrl} (${this.#networkReason(error)}).`, { cause: error });
    }
  }

  /** The most telling part of a failed fetch: a timeout, else the innermost system error code (ECONNREFUSED…) or message. */
  #networkReason(error: unknown): string {
    let code: string | undefined;
    let message = "no response";
    for (let e = error as (Error & { code?: unknown }) | undefined; e; e = e.cause as typeof e) {
      if (e.name === "TimeoutError" || e.name === "AbortError") return `timed out after ${this.#timeoutMs / 1000} s`;
      if (typeof e.code === "string") code = e.code;
      if (e.message) message = e.message;
    }
    return code ?? message;
  }

  async #currentSession(): Promise<Session | undefined> {
    const token = process.env.SKILLS_TOKEN;
    // CI: a token from the environment (a machine token from `skills token create`, or an
    // access token) is used as is, never stored and never refreshed.
    if (token) return { access_token: token, refresh_token: "", expires_at: Number.MAX_SAFE_INTEGER, user: ENV_USER };
    const session = this.#sessions.get(this.apiUrl);
    if (session && session.expires_at - REFRESH_MARGIN_S <= this.#now()) return this.#refresh(session);
    return session;
  }

  /** One refresh at a time: refresh tokens rotate, so a second concurrent refresh would fail. */
  #refresh(stale: Session): Promise<Session> {
    this.#refreshing ??= this.#doRefresh(stale).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #doRefresh(stale: Session): Promise<Session> {
    // Another process may have refreshed (and so rotated) the token since we read it.
    const stored = this.#sessions.get(this.apiUrl);
    if (stored && stored.access_token !== stale.access_token && stored.expires_at - REFRESH_MARGIN_S > this.#now()) {
      return stored;
    }
    if (stale.token_endpoint) return this.#refreshOAuth(stale, stale.token_endpoint);
    const response = await this.#send("POST", "/auth/refresh", { body: { refresh_token: stale.refresh_token } }, undefined);
    // A refusal ends the session; a rate limit (429) or a server failure leaves it for the next try.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      await this.#sessions.delete(this.apiUrl);
      throw new CliError("UNAUTHORIZED", "Your session has expired. Run `skills login` again.", { status: 401 });
    }
    if (!response.ok) throw apiError(response.status, await errorMessage(response.data), {}, retryAfterSeconds(response.headers["retry-after"]));
    const [{ parseSchema }, { authResponse }] = await Promise.all([
      import("../terminal/schema-issue.ts"),
      import("../../../../supabase/functions/_shared/wire/auth.ts"),
    ]);
    const parsed = parseSchema(authResponse, response.data);
    if (!parsed.success) throw new CliError("BAD_RESPONSE", `Unexpected response from POST ${this.apiUrl}/auth/refresh.`);
    return this.saveSession(parsed.data);
  }

  /** Renews a browser-login session at the OAuth token endpoint (refresh tokens rotate there). */
  async #refreshOAuth(stale: Session, tokenEndpoint: string): Promise<Session> {
    const { tokenRequest } = await import("../auth/oauth-login.ts");
    let tokens;
    try {
      tokens = await tokenRequest(tokenEndpoint, { grant_type: "refresh_token", refresh_token: stale.refresh_token });
    } catch (error) {
      if (error instanceof CliError && error.code === "UNAUTHORIZED") {
        await this.#sessions.delete(this.apiUrl);
        throw new CliError("UNAUTHORIZED", "Your session has expired. Run `skills login` again.", { status: 401 });
      }
      throw error;
    }
    const renewed: Session = {
      ...stale,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      expires_at: this.#now() + tokens.expires_in,
    };
    await this.#sessions.set(this.apiUrl, renewed);
    return renewed;
  }

  /** Stores the session of a login or registration as the session of this API URL. */
  async saveSession(auth: AuthResponse): Promise<Session> {
    const stored: Session = {
      access_token: auth.session.access_token,
      refresh_token: auth.session.refresh_token,
      expires_at: auth.session.expires_at,
      user: auth.user,
    };
    await this.#sessions.set(this.apiUrl, stored);
    return stored;
  }
}

/** Whether a token is an access token for machines (`skills token create`), which is not a JWT. */
const isMachineToken = (token: string) => token.startsWith("sks_");

/**
 * The one line for a SKILLS_TOKEN the server refused. A machine token's
 * refusal names the token (revoked, expired), and a new one is what fixes it;
 * an access token from a login simply ran out.
 */
function refusedEnvToken(token: string, said: string | undefined): CliError {
  if (isMachineToken(token)) {
    const name = /^The token "([^"]+)"/.exec(said ?? "")?.[1] ?? "<name>";
    const what = said?.replace(/\.$/, "") ?? "The server refused SKILLS_TOKEN";
    return new CliError("UNAUTHORIZED", `${what}. Create a new one with \`skills token create --name ${name}\` and set SKILLS_TOKEN to it.`, { status: 401 });
  }
  return new CliError("UNAUTHORIZED", "The server refused SKILLS_TOKEN (expired or revoked). Set a fresh token, or unset it and run `skills login`.", {
    status: 401,
  });
}

/** The message of an API error body, if `data` is one. */
async function errorMessage(data: unknown): Promise<string | undefined> {
  const [{ parseSchema }, { errorBody }] = await Promise.all([
    import("../terminal/schema-issue.ts"),
    import("../../../../supabase/functions/_shared/wire/errors.ts"),
  ]);
  const body = parseSchema(errorBody, data);
  return body.success ? body.data.error.message : undefined;
}

const clients = new Map<string, ApiClient>();

/** The process-wide client of an API URL, with sessions in the global config. */
export function apiClient(apiUrl: string): ApiClient {
  const key = normalizeApiUrl(apiUrl);
  let client = clients.get(key);
  if (!client) {
    client = new ApiClient({ apiUrl: key, sessions: globalConfig() });
    clients.set(key, client);
  }
  return client;
}
