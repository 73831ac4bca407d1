/**
 * A client of the platform's HTTP API written only from the product's
 * published contract: plain `fetch`, JSON bodies, bearer tokens. It knows
 * nothing of this repository's code, so a test that passes here passes for
 * any third-party client that follows the same contract.
 */
import { createHash, randomBytes } from "node:crypto";
import { expect, inject } from "vitest";

declare module "vitest" {
  // Must stay identical to what the integration global setup provides (the
  // declarations merge); the suite itself reads only `name` and `apiUrl`.
  export interface ProvidedContext {
    platforms: { name: "pglite" | "postgres"; url: string; apiUrl: string; dbUrl: string; anonKey: string }[];
  }
}

/** A running platform the suite talks to: its label and the base URL that `/api/...` routes hang under. */
export interface SpecPlatform {
  name: string;
  /** The `/api` prefix itself, e.g. `http://127.0.0.1:54321/functions/v1/api`: `/api/auth/login` is `${apiUrl}/auth/login`. */
  apiUrl: string;
}

/** Every platform the integration setup started (one per database). */
export function specPlatforms(): SpecPlatform[] {
  return inject("platforms").map(({ name, apiUrl }) => ({ name, apiUrl }));
}

/** A parsed JSON answer: HTTP status and body (null when the body was empty). */
export interface SpecResponse {
  status: number;
  // The contract is checked field by field in the tests, so the body stays untyped here.
  body: any;
}

/** An account registered through the API, with its current tokens. */
export interface SpecUser {
  id: string;
  email: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** The password every account of the suite uses. */
export const PASSWORD = "correct-horse-battery-staple";

/** A lowercase name unique to this run, `<prefix>-<6 hex>`: valid as a username, registry slug and skill slug. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/** An email address nobody has registered yet. */
export function uniqueEmail(prefix = "someone"): string {
  return `${unique(prefix)}@example.test`;
}

/** Hex sha256 of a string's UTF-8 bytes: what a lockfile keeps for a skill's SKILL.md. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A SKILL.md as the contract's own examples write one: plain markdown that opens with `# Title`. */
export function skillMarkdown(title: string, body = "Use this skill when the task calls for it."): string {
  return `# ${title}\n\n${body}\n`;
}

/** Talks JSON to one platform's API. */
export class SpecClient {
  constructor(readonly apiUrl: string) {}

  /**
   * Sends one request: `path` is the route after `/api` (e.g. `/registries`),
   * `body` goes out as JSON (`rawBody` as is, still labelled JSON), `token`
   * as `Authorization: Bearer`.
   * @returns the status and the parsed JSON body; a non-JSON body fails the test.
   */
  async request(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}): Promise<SpecResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${this.apiUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${method} ${path} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
      }
    }
    return { status: res.status, body };
  }

  /** `GET` a route, with `token` when given. */
  get(path: string, token?: string): Promise<SpecResponse> {
    return this.request("GET", path, { token });
  }

  /** `POST` a JSON body to a route, with `token` when given. */
  post(path: string, body: unknown, token?: string): Promise<SpecResponse> {
    return this.request("POST", path, { token, body });
  }

  /** `PUT` a JSON body to a route, with `token` when given. */
  put(path: string, body: unknown, token?: string): Promise<SpecResponse> {
    return this.request("PUT", path, { token, body });
  }

  /** `DELETE` a route, with `token` when given. */
  delete(path: string, token?: string): Promise<SpecResponse> {
    return this.request("DELETE", path, { token });
  }

  /**
   * Registers a fresh account with the contract's registration body.
   * @throws when the answer is not 201 with a session (the suite runs with
   * email confirmation off, so every registration signs in at once).
   */
  async register(prefix = "user", email?: string): Promise<SpecUser> {
    const username = unique(prefix);
    const address = email ?? `${username}@example.test`;
    const res = await this.post("/auth/register", { email: address, password: PASSWORD, username });
    if (res.status !== 201 || typeof res.body?.session?.access_token !== "string") {
      throw new Error(`register ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return {
      id: res.body.user.id,
      email: address,
      username,
      password: PASSWORD,
      accessToken: res.body.session.access_token,
      refreshToken: res.body.session.refresh_token,
    };
  }

  /**
   * Creates an organization registry owned by `owner`.
   * @throws when the answer is not 201.
   */
  async createRegistry(owner: SpecUser, prefix = "org"): Promise<string> {
    const slug = unique(prefix);
    const res = await this.post("/registries", { slug, name: `Org ${slug}` }, owner.accessToken);
    if (res.status !== 201) throw new Error(`create registry ${slug} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return slug;
  }

  /**
   * Creates a skill with the contract's body (`content` is its SKILL.md).
   * @throws when the answer is not 201.
   */
  async createSkill(
    user: SpecUser,
    registry: string,
    skill: { slug: string; name?: string; description?: string; tags?: string[]; compat?: string[]; content?: string; version?: string },
  ): Promise<SpecResponse> {
    const name = skill.name ?? `Skill ${skill.slug}`;
    const body = { name, content: skillMarkdown(name), ...skill };
    const res = await this.post(`/registries/${registry}/skills`, body, user.accessToken);
    if (res.status !== 201) throw new Error(`create skill ${registry}/${skill.slug} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  }

  /**
   * Publishes a version with the contract's body.
   * @throws when the answer is not 201.
   */
  async publish(user: SpecUser, registry: string, slug: string, version: string, content: string, changelog?: string): Promise<SpecResponse> {
    const res = await this.post(`/registries/${registry}/skills/${slug}/versions`, { version, content, changelog }, user.accessToken);
    if (res.status !== 201) throw new Error(`publish ${registry}/${slug}@${version} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  }

  /**
   * Invites `email` to `registry` as `role` and, when that made an invitation
   * rather than a membership, accepts it as `invitee`.
   * @throws when a step answers something else than the contract's success.
   */
  async addMember(admin: SpecUser, registry: string, invitee: SpecUser, role: "member" | "contributor" | "admin"): Promise<void> {
    const res = await this.post(`/registries/${registry}/members/invite`, { email: invitee.email, role }, admin.accessToken);
    if (res.status === 200) return;
    if (res.status !== 201) throw new Error(`invite ${invitee.email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const accepted = await this.post(`/registries/${registry}/invitations/${res.body.invitation.id}/accept`, {}, invitee.accessToken);
    if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  }
}

/** Asserts the contract's error answer: `status` and `{error: {code, message}}` with a non-empty message. */
export function expectError(res: SpecResponse, status: number, code: string): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: expect.objectContaining({ error: expect.objectContaining({ code, message: expect.any(String) }) }),
  });
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

/**
 * The object a route answers for `key` where the contract names the resource
 * but shows no envelope (e.g. a registry): `body[key]` when the body wraps it,
 * else the body itself. A tolerant reader, as any client written from the
 * contract would have to be.
 */
export function resource(body: any, key: string): any {
  return body && typeof body === "object" && body[key] && typeof body[key] === "object" && !Array.isArray(body[key]) ? body[key] : body;
}
