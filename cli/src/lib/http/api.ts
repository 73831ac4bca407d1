/**
 * The one HTTP client of the CLI: every API call
 * (spec §3) goes through `ApiClient`, which sends the bearer token of its API
 * URL, refreshes it shortly before expiry and once on a 401, checks every
 * response against its wire schema (`wire.ts`), and turns failures into `CliError`s.
 */
import * as z from "zod/mini";
import { sha256Hex } from "../skill/digest.ts";
import { CliError, apiError, retryAfterSeconds, type StatusMessages } from "../errors.ts";
import { globalConfig, normalizeApiUrl, type Session, type SessionStore } from "../auth/global-config.ts";
import { httpRequest, RESPONSE_TOO_LARGE } from "./transport.ts";
import { firstProblem, parseSchema } from "../terminal/schema-issue.ts";
import { SKILL_LIMITS } from "../../../../supabase/functions/_shared/skill-limits.ts";
import {
  BLOB_UPLOAD_MAX_BODY_BYTES,
  acceptInvitationResponse,
  authResponse,
  blobsResponse,
  createRegistryResponse,
  createSkillResponse,
  declineInvitationResponse,
  errorBody,
  invitationsResponse,
  inviteResponse,
  issuesResponse,
  meResponse,
  membersResponse,
  missingBlobsResponse,
  publishVersionResponse,
  registerResponse,
  registriesResponse,
  searchResponse,
  skillDetailResponse,
  skillListResponse,
  storedBlobsResponse,
  syncResponse,
  versionsResponse,
  type AuthResponse,
  type ConfirmationRequired,
  type CreateSkillBody,
  type PublishVersionBody,
  type RegistryRole,
  type SyncRequest,
  type UserView,
} from "./wire.ts";

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

interface RequestOptions {
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

/** Upper bounds of one POST /blobs call: the server's limit and an ~8 MB response. */
export const BLOB_BATCH = { maxCount: 1000, maxBytes: 8 * 1024 * 1024 };

/** A POST /blobs answer's JSON around its blobs, and around each blob's base64 (`{"sha256":"<64 hex>","content_base64":""},`), with room to spare. */
const BLOBS_ANSWER_OVERHEAD = 1024;
const BLOB_ENTRY_OVERHEAD = 256;

/** The length of `bytes` bytes in base64. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** A manifest size, or for an unknown one (Infinity: a manifest from the lockfile) the largest a skill file may have. */
function knownSize(size: number): number {
  return size === Number.POSITIVE_INFINITY ? SKILL_LIMITS.maxFileBytes : size;
}

/**
 * Splits wanted blobs into POST /blobs calls of at most `maxCount` hashes and,
 * by their manifest `size` (bytes), about `maxBytes` each (a bigger blob goes alone).
 */
export function batchBlobs<T extends { sha256: string; size: number }>(
  wanted: readonly T[],
  limits: { maxCount: number; maxBytes: number } = BLOB_BATCH,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const blob of wanted) {
    if (current.length > 0 && (current.length >= limits.maxCount || bytes + blob.size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(blob);
    bytes += blob.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * How uploads are grouped: files up to `putFrom` bytes go together in POST /blobs/upload calls
 * of at most `maxBytes` raw bytes (base64 inflates them by 4/3, plus the JSON around each,
 * within the server's 4 MiB body); bigger ones alone by PUT /blobs/:sha256.
 */
export const UPLOAD_BATCH = { putFrom: 512 * 1024, maxCount: 512, maxBytes: Math.floor((BLOB_UPLOAD_MAX_BODY_BYTES * 3) / 4) - 256 * 1024 };

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
   * POST /auth/register. Signed in at once, it saves the new session; when the
   * server confirms emails first, the account has no session until its link is opened.
   */
  async register(body: { email: string; password: string; username: string }): Promise<AuthResponse | ConfirmationRequired> {
    const auth = await this.#request("POST", "/auth/register", registerResponse, { body, auth: false });
    if (auth.session !== null) await this.#saveSession(auth);
    return auth;
  }

  /** POST /auth/login; saves the new session. A 401 (bad credentials) and a 403 (email not confirmed) say what to do. */
  async login(body: { email: string; password: string }): Promise<AuthResponse> {
    const auth = await this.#request("POST", "/auth/login", authResponse, {
      body,
      auth: false,
      messages: {
        401: "Invalid email or password.",
        403: `Confirm your email first: open the link in the email sent to ${body.email}, then run \`skills login\` again.`,
      },
    });
    await this.#saveSession(auth);
    return auth;
  }

  /** GET /me: who the stored session belongs to, as a session records a user (no display name). */
  async me(): Promise<UserView> {
    const { id, email, username } = (await this.#request("GET", "/me", meResponse)).user;
    return { id, email, username };
  }

  /** GET /registries: the registries the caller belongs to. */
  async registries() {
    return (await this.#request("GET", "/registries", registriesResponse)).registries;
  }

  /** GET /registries/:registry/skills, every page: the latest version of every skill of a registry. */
  async skills(registry: string) {
    const path = `/registries/${encodeURIComponent(registry)}/skills`;
    return this.#allPages(path, {}, skillListResponse, (page) => page.skills);
  }

  /**
   * GET /registries/:registry/skills/:slug: the latest version of one skill.
   * @returns null when the skill (or registry) does not exist or is not visible (404).
   */
  async skill(registry: string, slug: string) {
    try {
      return (await this.#request("GET", skillPath(registry, slug), skillDetailResponse)).skill;
    } catch (error) {
      if (error instanceof CliError && error.status === 404) return null;
      throw error;
    }
  }

  /** POST /registries/:registry/skills: create a skill with its first version. */
  async createSkill(registry: string, body: CreateSkillBody) {
    return this.#request("POST", `/registries/${encodeURIComponent(registry)}/skills`, createSkillResponse, {
      body,
      messages: { 403: noWriteAccess(registry, body.slug) },
    });
  }

  /** POST /registries/:registry/skills/:slug/versions: publish a new version (409 if not above the latest). */
  async publishVersion(registry: string, slug: string, body: PublishVersionBody) {
    return this.#request("POST", `${skillPath(registry, slug)}/versions`, publishVersionResponse, {
      body,
      messages: { 403: noWriteAccess(registry, slug) },
    });
  }

  /** GET /search, every page: skills matching a query, best first, optionally filtered by comma-separated tags and compat. */
  async search(q: string, filters: { tags?: string | undefined; compat?: string | undefined } = {}) {
    const query: Record<string, string> = { q };
    if (filters.tags) query.tags = filters.tags;
    if (filters.compat) query.compat = filters.compat;
    return this.#allPages("/search", query, searchResponse, (page) => page.results);
  }

  /** GET /registries/:registry/skills/:slug/versions: every version, newest first. */
  async versions(registry: string, slug: string) {
    return (await this.#request("GET", `${skillPath(registry, slug)}/versions`, versionsResponse)).versions;
  }

  /**
   * The number of open issue reports of a skill, or null when the caller may not read them
   * (only maintainers and admins can) or the server has no issues route.
   */
  async openIssueCount(registry: string, slug: string): Promise<number | null> {
    try {
      return (await this.#request("GET", `${skillPath(registry, slug)}/issues`, issuesResponse)).open_count;
    } catch (error) {
      if (error instanceof CliError && (error.status === 403 || error.status === 404)) return null;
      throw error;
    }
  }

  /** POST /registries: create an organization registry; the caller becomes its admin. */
  async createRegistry(body: { slug: string; name: string; description?: string | undefined }) {
    return (
      await this.#request("POST", "/registries", createRegistryResponse, {
        body,
        messages: { 409: `A registry or user named "${body.slug}" already exists. Pick another slug.` },
      })
    ).registry;
  }

  /** GET /registries/:registry/members: who belongs to a registry, with their roles. */
  async members(registry: string) {
    return (await this.#request("GET", `/registries/${encodeURIComponent(registry)}/members`, membersResponse)).members;
  }

  /** POST /registries/:registry/members/invite: invite by email (admins only); an existing user may be added directly. */
  async invite(registry: string, body: { email: string; role: RegistryRole }) {
    return this.#request("POST", `/registries/${encodeURIComponent(registry)}/members/invite`, inviteResponse, {
      body,
      // The server's reason says which 403 it is (not an admin, or a personal registry); a 409 shows it by default
      // (already a member, or already invited until when).
      messages: { 403: (said) => said ?? `Only admins of ${registry} can invite members.` },
    });
  }

  /** GET /invitations: the caller's pending, unexpired invitations, newest first. */
  async invitations() {
    return (await this.#request("GET", "/invitations", invitationsResponse)).invitations;
  }

  /** POST /registries/:registry/invitations/:id/accept: join with the invited role; returns the new membership. */
  async acceptInvitation(registry: string, id: string) {
    return (await this.#request("POST", invitationPath(registry, id, "accept"), acceptInvitationResponse)).member;
  }

  /** POST /registries/:registry/invitations/:id/decline: returns the invitation, now declined. */
  async declineInvitation(registry: string, id: string) {
    return (await this.#request("POST", invitationPath(registry, id, "decline"), declineInvitationResponse)).invitation;
  }

  /** POST /sync: resolve declared skills to versions, digests and manifests (no bytes). */
  async sync(body: SyncRequest) {
    return this.#request("POST", "/sync", syncResponse, { body });
  }

  /**
   * POST /blobs in batches (`batchBlobs`), four at a time. Each answer may be no longer than its
   * blobs' manifest sizes in base64 (a size unknown counts as the largest file a skill may have)
   * and is cut off past that; each blob must have its manifest size and hash. `receive` is given
   * each blob as its batch arrives, so only the batches in flight are in memory.
   * @throws CliError INTEGRITY if an answer is too long, or a blob is missing, mis-sized or does not match its hash.
   */
  async blobs(
    wanted: readonly { sha256: string; size: number }[],
    receive: (sha256: string, bytes: Buffer) => void | Promise<void>,
  ): Promise<void> {
    const sizeOf = new Map(wanted.map((b) => [b.sha256, b.size]));
    const received = new Set<string>();
    const batches = batchBlobs(wanted);
    const worker = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        const body = { sha256: batch.map((b) => b.sha256) };
        const maxBytes = BLOBS_ANSWER_OVERHEAD + batch.reduce((n, b) => n + base64Length(knownSize(b.size)) + BLOB_ENTRY_OVERHEAD, 0);
        for (const blob of (await this.#request("POST", "/blobs", blobsResponse, { body, maxBytes })).blobs) {
          const size = sizeOf.get(blob.sha256);
          if (size === undefined || received.has(blob.sha256)) continue;
          const bytes = Buffer.from(blob.content_base64, "base64");
          if (size === Number.POSITIVE_INFINITY ? bytes.length > SKILL_LIMITS.maxFileBytes : bytes.length !== size) {
            throw new CliError(
              "INTEGRITY",
              `A file from ${this.apiUrl} (sha256 ${blob.sha256}) has ${bytes.length} bytes where ${size === Number.POSITIVE_INFINITY ? `at most ${SKILL_LIMITS.maxFileBytes}` : size} were expected; nothing was changed.`,
            );
          }
          if (sha256Hex(bytes) !== blob.sha256) {
            throw new CliError("INTEGRITY", `A file from ${this.apiUrl} does not match its sha256 ${blob.sha256}.`);
          }
          received.add(blob.sha256);
          await receive(blob.sha256, bytes);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, batches.length) }, worker));
    const missing = wanted.filter((b) => !received.has(b.sha256));
    if (missing.length > 0) {
      throw new CliError("INTEGRITY", `${this.apiUrl} did not return ${missing.length} file(s), e.g. sha256 ${missing[0]!.sha256}.`);
    }
  }

  /**
   * POST /blobs/missing, 512 hashes per call: which of `hashes` the caller must upload before a
   * manifest may name them (the server answers only about what the caller uploaded or can read).
   */
  async missingBlobs(hashes: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(hashes)];
    const missing = new Set<string>();
    for (let i = 0; i < unique.length; i += 512) {
      const body = { sha256: unique.slice(i, i + 512) };
      for (const sha256 of (await this.#request("POST", "/blobs/missing", missingBlobsResponse, { body })).missing) missing.add(sha256);
    }
    return missing;
  }

  /**
   * Uploads file bytes, grouped as `UPLOAD_BATCH` says, four requests at a time; each answer
   * must list what it was sent. Uploading bytes again is harmless.
   * @throws CliError for a refused request (413 names the server's limit), BAD_RESPONSE when an answer lists other hashes.
   */
  async uploadBlobs(files: readonly { sha256: string; bytes: Buffer }[]): Promise<void> {
    const unique = [...new Map(files.map((f) => [f.sha256, f])).values()].map((f) => ({ ...f, size: f.bytes.length }));
    const requests: (() => Promise<{ stored: string[]; sent: string[] }>)[] = [];
    for (const file of unique.filter((f) => f.size > UPLOAD_BATCH.putFrom)) {
      requests.push(async () => ({
        sent: [file.sha256],
        stored: (await this.#request("PUT", `/blobs/${file.sha256}`, storedBlobsResponse, { body: file.bytes })).stored,
      }));
    }
    for (const batch of batchBlobs(unique.filter((f) => f.size <= UPLOAD_BATCH.putFrom), UPLOAD_BATCH)) {
      const body = { blobs: batch.map((f) => ({ sha256: f.sha256, content_base64: f.bytes.toString("base64") })) };
      requests.push(async () => ({ sent: batch.map((f) => f.sha256), stored: (await this.#request("POST", "/blobs/upload", storedBlobsResponse, { body })).stored }));
    }
    const worker = async () => {
      for (let next = requests.shift(); next; next = requests.shift()) {
        const { sent, stored } = await next();
        if (sent.some((sha256) => !stored.includes(sha256))) {
          throw new CliError("BAD_RESPONSE", `${this.apiUrl} did not confirm storing every uploaded file; nothing was published.`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, requests.length) }, worker));
  }

  /**
   * GETs `path` page after page, passing each `next_cursor` back as `cursor`, until the last page (null or absent cursor).
   * @throws CliError BAD_RESPONSE if the server hands back a cursor it already gave (it would loop forever).
   */
  async #allPages<P extends { next_cursor?: string | null | undefined }, T>(
    path: string,
    query: Record<string, string>,
    schema: z.ZodMiniType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    const seen = new Set<string>();
    for (let cursor: string | undefined; ; ) {
      const page = await this.#request("GET", path, schema, { query: cursor === undefined ? query : { ...query, cursor } });
      all.push(...items(page));
      if (!page.next_cursor) return all;
      if (seen.has(page.next_cursor)) throw new CliError("BAD_RESPONSE", `GET ${this.apiUrl}${path} returned the same page cursor twice.`);
      seen.add(page.next_cursor);
      cursor = page.next_cursor;
    }
  }

  async #request<S extends z.ZodMiniType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    const useAuth = options.auth ?? true;
    let session = useAuth ? await this.#currentSession() : undefined;
    let response = await this.#send(method, path, options, session);
    if (response.status === 401 && session) {
      session = await this.#refresh(session);
      response = await this.#send(method, path, options, session);
    }
    if (!response.ok) {
      throw apiError(response.status, errorMessage(response.data), options.messages, retryAfterSeconds(response.headers["retry-after"]));
    }
    const parsed = parseSchema(schema, response.data);
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
    // CI: a token from the environment is used as is, never stored and never refreshed.
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
    if (stale.user === ENV_USER) {
      throw new CliError("UNAUTHORIZED", "The server refused SKILLS_TOKEN (expired or revoked). Set a fresh token, or unset it and run `skills login`.", {
        status: 401,
      });
    }
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
    if (!response.ok) throw apiError(response.status, errorMessage(response.data), {}, retryAfterSeconds(response.headers["retry-after"]));
    const parsed = parseSchema(authResponse, response.data);
    if (!parsed.success) throw new CliError("BAD_RESPONSE", `Unexpected response from POST ${this.apiUrl}/auth/refresh.`);
    return this.#saveSession(parsed.data);
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

  async #saveSession(auth: AuthResponse): Promise<Session> {
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

/** The message of an API error body, if `data` is one. */
function errorMessage(data: unknown): string | undefined {
  const body = parseSchema(errorBody, data);
  return body.success ? body.data.error.message : undefined;
}

function skillPath(registry: string, slug: string): string {
  return `/registries/${encodeURIComponent(registry)}/skills/${encodeURIComponent(slug)}`;
}

function invitationPath(registry: string, id: string, answer: "accept" | "decline"): string {
  return `/registries/${encodeURIComponent(registry)}/invitations/${encodeURIComponent(id)}/${answer}`;
}

function noWriteAccess(registry: string, slug: string): string {
  return `You don't have write access to ${registry}/${slug}. Contact a registry admin.`;
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
