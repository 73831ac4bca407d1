/**
 * An in-process HTTP server that follows the API contract the CLI relies on
 * (auth, skills, publish, /sync, /blobs, `{error:{code,message}}`), so CLI
 * flows run over real HTTP against real files. Not the real server: the
 * end-to-end tests against `supabase/` cover that.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import semver from "semver";
import { folderDigest, sha256Hex } from "../../src/lib/digest.ts";
import type { FolderFile } from "../../src/lib/folder.ts";

interface StoredFile {
  path: string;
  bytes: Buffer;
  executable: boolean;
}
interface StoredSkill {
  name: string;
  description: string | null;
  tags: string[];
  compat: string[];
  versions: { version: string; files: StoredFile[] }[];
}

/** A running fake API and what it has seen. */
export interface FakeApi {
  url: string;
  /** Skills by `registry/slug`. */
  skills: Map<string, StoredSkill>;
  /** Every request as `METHOD /path`, in order. */
  requests: string[];
  /** sha256 lists of every POST /blobs call. */
  blobCalls: string[][];
  /** Registries the token may write to (default: all). */
  writable: Set<string> | null;
  /** Valid access tokens. */
  tokens: Set<string>;
  close(): Promise<void>;
}

/** Seeds a skill version from files on disk (e.g. a scanned fixture). */
export function seed(api: FakeApi, registry: string, slug: string, version: string, files: readonly FolderFile[], meta: Partial<StoredSkill> = {}): void {
  const key = `${registry}/${slug}`;
  const skill = api.skills.get(key) ?? { name: slug, description: `About ${slug}`, tags: [], compat: [], versions: [], ...meta };
  skill.versions.push({ version, files: files.map((f) => ({ path: f.path, bytes: f.bytes, executable: f.executable })) });
  api.skills.set(key, skill);
}

function manifest(files: readonly StoredFile[]) {
  return files.map((f) => ({ path: f.path, sha256: sha256Hex(f.bytes), size: f.bytes.length, executable: f.executable }));
}

function latest(skill: StoredSkill) {
  return [...skill.versions].sort((a, b) => semver.rcompare(a.version, b.version))[0]!;
}

/** The one user of the fake API. */
export const USER = { id: "u1", email: "jake@example.com", username: "jake" };

/** Starts the fake API on a free port. */
export async function startFakeApi(): Promise<FakeApi> {
  const api: FakeApi = {
    url: "",
    skills: new Map(),
    requests: [],
    blobCalls: [],
    writable: null,
    tokens: new Set(["token-1"]),
    close: async () => new Promise((resolve) => server.close(() => resolve())),
  };
  let issued = 1;
  const session = () => {
    issued += 1;
    api.tokens.add(`token-${issued}`);
    return {
      user: USER,
      session: { access_token: `token-${issued}`, refresh_token: `refresh-${issued}`, expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600 },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    const path = new URL(req.url!, "http://x").pathname.replace(/^\/api/, "");
    api.requests.push(`${req.method} ${path}`);

    if (req.method === "POST" && path === "/auth/login") {
      return body.password === "secret" ? send(200, session()) : fail(400, "VALIDATION_ERROR", "Invalid login credentials");
    }
    if (req.method === "POST" && path === "/auth/refresh") {
      return body.refresh_token?.startsWith("refresh-") ? send(200, session()) : fail(401, "UNAUTHORIZED", "bad refresh token");
    }
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    if (!token || !api.tokens.has(token)) return fail(401, "UNAUTHORIZED", "Missing or invalid JWT");

    if (req.method === "GET" && path === "/me") return send(200, { user: USER });
    const decode = (files: { path: string; content_base64: string; executable: boolean }[]) =>
      files.map((f) => ({ path: f.path, bytes: Buffer.from(f.content_base64, "base64"), executable: f.executable }));
    let m = /^\/registries\/([^/]+)\/skills$/.exec(path);
    if (m && req.method === "GET") {
      const skills = [...api.skills]
        .filter(([key]) => key.startsWith(`${m![1]}/`))
        .map(([key, skill]) => ({
          slug: key.split("/")[1], name: skill.name, description: skill.description, tags: skill.tags, compat: skill.compat,
          version: latest(skill).version, created_by: "jake", updated_at: "2026-01-01T00:00:00Z",
        }));
      return send(200, { skills });
    }
    if (m && req.method === "POST") {
      if (api.writable && !api.writable.has(m[1]!)) return fail(403, "FORBIDDEN", "not a contributor");
      if (api.skills.has(`${m[1]}/${body.slug}`)) return fail(409, "CONFLICT", "exists");
      const files = decode(body.files);
      api.skills.set(`${m[1]}/${body.slug}`, { name: body.name, description: body.description ?? null, tags: body.tags, compat: body.compat, versions: [{ version: body.version, files }] });
      return send(201, { skill: { slug: body.slug }, version: body.version, digest: folderDigest(manifest(files)) });
    }
    m = /^\/registries\/([^/]+)\/skills\/([^/]+)$/.exec(path);
    if (m && req.method === "GET") {
      const skill = api.skills.get(`${m[1]}/${m[2]}`);
      if (!skill) return fail(404, "NOT_FOUND", `Skill '${m[2]}' not found in registry '${m[1]}'`);
      const v = latest(skill);
      const files = manifest(v.files);
      return send(200, {
        skill: {
          registry: m[1], slug: m[2], name: skill.name, description: skill.description, tags: skill.tags, compat: skill.compat,
          metadata: {}, version: v.version, content: v.files.find((f) => f.path === "SKILL.md")?.bytes.toString("utf8") ?? "",
          digest: folderDigest(files), files, created_by: "jake", maintainers: ["jake"], updated_at: "2026-01-01T00:00:00Z",
        },
      });
    }
    m = /^\/registries\/([^/]+)\/skills\/([^/]+)\/versions$/.exec(path);
    if (m && req.method === "POST") {
      const skill = api.skills.get(`${m[1]}/${m[2]}`);
      if (!skill) return fail(404, "NOT_FOUND", "no such skill");
      if (api.writable && !api.writable.has(m[1]!)) return fail(403, "FORBIDDEN", "not a contributor");
      if (!semver.gt(body.version, latest(skill).version)) {
        return fail(409, "CONFLICT", `Version ${body.version} must be greater than the latest version ${latest(skill).version}`);
      }
      const files = decode(body.files);
      skill.versions.push({ version: body.version, files });
      return send(201, { version: body.version, changelog: body.changelog ?? null, digest: folderDigest(manifest(files)) });
    }
    if (req.method === "POST" && path === "/sync") {
      const skills = [];
      const errors = [];
      for (const want of body.skills as { registry: string; slug: string; version?: string }[]) {
        const skill = api.skills.get(`${want.registry}/${want.slug}`);
        if (!skill) {
          errors.push({ ...want, code: "NOT_FOUND", message: "not found" });
          continue;
        }
        const match = [...skill.versions]
          .sort((a, b) => semver.rcompare(a.version, b.version))
          .find((v) => want.version === undefined || semver.satisfies(v.version, want.version));
        if (!match) {
          errors.push({ ...want, code: "NO_MATCHING_VERSION", message: "no match" });
          continue;
        }
        const files = manifest(match.files);
        skills.push({ registry: want.registry, slug: want.slug, name: skill.name, description: skill.description, tags: skill.tags, compat: skill.compat, version: match.version, digest: folderDigest(files), files });
      }
      return send(200, { skills, errors });
    }
    if (req.method === "POST" && path === "/blobs") {
      api.blobCalls.push(body.sha256);
      const all = new Map<string, Buffer>();
      for (const skill of api.skills.values()) for (const v of skill.versions) for (const f of v.files) all.set(sha256Hex(f.bytes), f.bytes);
      const blobs = (body.sha256 as string[]).filter((s) => all.has(s)).map((s) => ({ sha256: s, content_base64: all.get(s)!.toString("base64") }));
      return send(200, { blobs });
    }
    return fail(404, "NOT_FOUND", `no route ${req.method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "INTERNAL_ERROR", message: error.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return api;
}
