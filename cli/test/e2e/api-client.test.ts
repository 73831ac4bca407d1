/**
 * The CLI's API client over real HTTP against the local platform (embedded
 * database): sessions and their refresh, the server's refusals as friendly
 * errors, blob fetching. A few defences against servers that are not ours
 * (wrong shape, forged bytes, silence, nothing listening) use tiny stand-in
 * servers, since the real one cannot misbehave that way.
 */
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "../../../supabase/tests/support/api.ts";
import { ApiClient } from "../../src/lib/http/client.ts";
import { login, me, register } from "../../src/lib/http/api/auth.ts";
import { batchBlobs, downloadBlobs } from "../../src/lib/http/api/blobs.ts";
import * as skillsApi from "../../src/lib/http/api/skills.ts";
import { publishVersion } from "../../src/lib/http/api/versions.ts";
import { sha256Hex } from "../../src/lib/skill/digest.ts";
import type { Session, SessionStore } from "../../src/lib/auth/global-config.ts";
import { createOrganization, createSkill, localPlatform } from "./platform.ts";
import { watchRequests, type RequestWatch } from "./requests.ts";

function memoryStore(initial?: Session): SessionStore & { sessions: Map<string, Session> } {
  const sessions = new Map<string, Session>();
  return {
    sessions,
    get: (url) => sessions.get(url) ?? initial,
    set: (url, s) => {
      initial = undefined;
      sessions.set(url, s);
    },
    delete: (url) => {
      initial = undefined;
      sessions.delete(url);
    },
  };
}

const now = () => Math.floor(Date.now() / 1000);

/** `downloadBlobs(client, wanted)`, its bytes collected by sha256. */
async function collected(client: ApiClient, wanted: { sha256: string; size: number }[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  await downloadBlobs(client, wanted, (sha256, bytes) => void blobs.set(sha256, bytes));
  return blobs;
}
const userOf = (u: TestUser) => ({ id: u.id, email: u.email, username: u.username });

/** A server answering every request with `body` (status 200). */
async function cannedServer(body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, close: () => new Promise((r) => server.close(() => r())) };
}

describe("API client against the local platform", () => {
  const { apiUrl, dbUrl } = localPlatform();
  let jake: TestUser;
  let requests: RequestWatch;

  /** A fresh login of `user` (its own refresh token, which rotates on use), with `change` applied. */
  async function freshSession(user: TestUser, change: Partial<Session> = {}): Promise<Session> {
    const res = await call(apiUrl, "POST", "/auth/login", { body: { email: user.email, password: user.password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    const { access_token, refresh_token, expires_at } = res.body.session;
    return { access_token, refresh_token, expires_at, user: userOf(user), ...change };
  }
  const clientOf = (store: SessionStore) => new ApiClient({ apiUrl, sessions: store });

  beforeAll(async () => {
    jake = await signUp(apiUrl, "jake");
    requests = watchRequests(apiUrl);
  });
  beforeEach(() => {
    requests.clear();
  });
  afterAll(() => {
    requests.stop();
  });

  describe("sessions", () => {
    it("logs in and keeps the session for its API URL", async () => {
      const store = memoryStore();
      const client = new ApiClient({ apiUrl: `${apiUrl}/`, sessions: store });
      await login(client, { email: jake.email, password: jake.password });
      expect([...store.sessions.keys()]).toEqual([apiUrl]);
      expect(store.sessions.get(apiUrl)?.user).toEqual(userOf(jake));
      expect(store.sessions.get(apiUrl)!.expires_at).toBeGreaterThan(now() + 60);
      expect(await me(client)).toEqual(userOf(jake));
    });

    it("refreshes once on a 401 and retries the request", async () => {
      const stale = await freshSession(jake, { access_token: "revoked" });
      const store = memoryStore(stale);
      requests.clear();
      expect(await me(clientOf(store))).toEqual(userOf(jake));
      expect(requests.lines()).toEqual(["GET /me", "POST /auth/refresh", "GET /me"]);
      const renewed = store.sessions.get(apiUrl)!;
      expect(renewed.access_token).not.toBe("revoked");
      expect(renewed.refresh_token).not.toBe(stale.refresh_token);
      expect((await call(apiUrl, "GET", "/me", { token: renewed.access_token })).status).toBe(200);
    });

    it("refreshes shortly before expiry, once for concurrent requests", async () => {
      const soon = await freshSession(jake, { expires_at: now() + 10 });
      const store = memoryStore(soon);
      const client = clientOf(store);
      requests.clear();
      expect(await Promise.all([me(client), me(client), me(client)])).toEqual([userOf(jake), userOf(jake), userOf(jake)]);
      expect(requests.lines().filter((r) => r === "POST /auth/refresh")).toHaveLength(1);
      expect(requests.lines()[0]).toBe("POST /auth/refresh");
      const renewed = store.sessions.get(apiUrl)!;
      expect(renewed.refresh_token).not.toBe(soon.refresh_token);
      expect(renewed.expires_at).toBeGreaterThan(now() + 60);
    });

    it("a refused refresh forgets the session and says to log in again", async () => {
      const store = memoryStore(await freshSession(jake, { access_token: "revoked", refresh_token: "stolen" }));
      await expect(me(clientOf(store))).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Your session has expired. Run `skills login` again." });
      expect(store.get(apiUrl)).toBeUndefined();
    });

    it("without a session a 401 says to log in", async () => {
      await expect(me(clientOf(memoryStore()))).rejects.toMatchObject({
        code: "UNAUTHORIZED",
        exitCode: 1,
        message: "Not logged in. Run `skills login` first.",
      });
    });

    it("a wrong password says so and stores nothing", async () => {
      const store = memoryStore();
      await expect(login(clientOf(store), { email: jake.email, password: "wrong-password" })).rejects.toMatchObject({
        code: "UNAUTHORIZED",
        message: "Invalid email or password.",
      });
      expect(store.sessions.size).toBe(0);
    });
  });

  describe("the server's refusals", () => {
    it("shows the server's message for a 422", async () => {
      const client = clientOf(memoryStore());
      await expect(
        register(client, { email: `${uniqueName("bad")}@example.test`, password: "long-enough-pw", username: "-Bad_Name" }),
      ).rejects.toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("lowercase letters, digits and single hyphens") });
    });

    it("a 403 on publish names the registry and skill, for a new version and a new skill", async () => {
      const admin = await signUp(apiUrl, "admin");
      const org = uniqueName("kove");
      await createOrganization(dbUrl, org, admin, [{ user: jake, role: "member" }]);
      await createSkill(apiUrl, admin, org, { slug: "zod-v4", files: skillFiles("zod-v4") });
      const client = clientOf(memoryStore(await freshSession(jake)));
      expect((await skillsApi.getSkill(client, org, "zod-v4"))?.version).toBe("1.0.0");
      await expect(publishVersion(client, org, "zod-v4", { version: "1.0.1", files: skillFiles("zod-v4", "mine") })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: `You don't have write access to ${org}/zod-v4. Contact a registry admin.`,
      });
      await expect(skillsApi.createSkill(client, org, { slug: "zod-v5", name: "zod-v5", tags: [], compat: [], metadata: {}, version: "1.0.0", files: skillFiles("zod-v5") })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: `You don't have write access to ${org}/zod-v5. Contact a registry admin.`,
      });
      expect((await skillsApi.getSkill(client, org, "zod-v4"))?.version).toBe("1.0.0");
      expect(await skillsApi.getSkill(client, org, "zod-v5")).toBeNull();
    });

    it("a 409 shows why the server refused", async () => {
      await createSkill(apiUrl, jake, jake.username, { slug: "zod-v4", version: "1.2.0", files: skillFiles("zod-v4") });
      const client = clientOf(memoryStore(await freshSession(jake)));
      await expect(publishVersion(client, jake.username, "zod-v4", { version: "1.1.0", files: skillFiles("zod-v4", "older") })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "Version 1.1.0 is not greater than the latest version 1.2.0",
      });
    });

    it("a missing skill is null, not an error, and so is one in a registry the user cannot read", async () => {
      const stranger = await signUp(apiUrl, "stranger");
      await createSkill(apiUrl, stranger, stranger.username, { slug: "secret", files: skillFiles("secret") });
      const client = clientOf(memoryStore(await freshSession(jake)));
      expect(await skillsApi.getSkill(client, jake.username, "nope")).toBeNull();
      expect(await skillsApi.getSkill(client, stranger.username, "secret")).toBeNull();
    });
  });

  describe("blobs", () => {
    it("fetches blobs and verifies them", async () => {
      const texts = ["a", "b", "c"].map((t) => `${t} ${uniqueName("blob")}`);
      const files = [...skillFiles("abc"), ...texts.map((t, i) => ({ path: `${i}.md`, content_base64: Buffer.from(t).toString("base64"), executable: false }))];
      await createSkill(apiUrl, jake, jake.username, { slug: "abc", files });
      const client = clientOf(memoryStore(await freshSession(jake)));
      const blobs = await collected(client, texts.map((t) => ({ sha256: sha256Hex(t), size: Buffer.byteLength(t) })));
      expect([...blobs.values()].map((b) => b.toString()).sort()).toEqual([...texts].sort());
    });

    it("fetches more than one response's worth in several calls, each blob once", async () => {
      // Ten distinct 1 MB files over two skills (the test server allows 8 MB a version): more than one 8 MB batch.
      const big = Array.from({ length: 10 }, () => randomBytes(1_000_000));
      for (const [n, part] of [big.slice(0, 5), big.slice(5)].entries()) {
        const files = [...skillFiles(`big-${n}`), ...part.map((b, i) => ({ path: `data/${i}.bin`, content_base64: b.toString("base64"), executable: false }))];
        await createSkill(apiUrl, jake, jake.username, { slug: `big-${n}`, files });
      }
      const wanted = big.map((b) => ({ sha256: sha256Hex(b), size: b.length }));
      expect(batchBlobs(wanted).length).toBeGreaterThan(1);
      const client = clientOf(memoryStore(await freshSession(jake)));
      requests.clear();
      const blobs = await collected(client, wanted);
      const calls = requests.blobCalls();
      expect(calls.map((c) => c.length)).toEqual(batchBlobs(wanted).map((b) => b.length));
      expect(calls.flat().sort()).toEqual(wanted.map((w) => w.sha256).sort());
      for (const [i, b] of big.entries()) expect(blobs.get(wanted[i]!.sha256)?.equals(b), `blob ${i}`).toBe(true);
    });

    it("refuses a blob the server left out: unknown, or only in a registry the user cannot read", async () => {
      const stranger = await signUp(apiUrl, "stranger");
      const theirs = `theirs ${uniqueName("x")}`;
      await createSkill(apiUrl, stranger, stranger.username, {
        slug: "private",
        files: [...skillFiles("private"), { path: "x.md", content_base64: Buffer.from(theirs).toString("base64"), executable: false }],
      });
      const client = clientOf(memoryStore(await freshSession(jake)));
      await expect(collected(client, [{ sha256: sha256Hex("unknown"), size: 7 }])).rejects.toMatchObject({
        code: "INTEGRITY",
        message: expect.stringMatching(/did not return 1 file/),
      });
      await expect(collected(client, [{ sha256: sha256Hex(theirs), size: theirs.length }])).rejects.toMatchObject({
        code: "INTEGRITY",
        message: expect.stringMatching(/did not return 1 file/),
      });
    });
  });
});

describe("API client against servers that are not ours", () => {
  const session = (): Session => ({ access_token: "t", refresh_token: "r", expires_at: now() + 3600, user: { id: "u1", email: "a@example.test", username: "a" } });

  it("an unreachable API says which URL it cannot reach and why", async () => {
    const closed = await cannedServer({});
    await closed.close();
    const client = new ApiClient({ apiUrl: closed.url, sessions: memoryStore() });
    await expect(me(client)).rejects.toThrow(`Cannot reach ${closed.url} (ECONNREFUSED).`);
  });

  /** A client with `timeoutMs` against a server answering each request with `handler`, which never finishes it. */
  async function expectTimeout(handler: (res: ServerResponse) => void, timeoutMs: number) {
    const server = createServer((_req, res) => handler(res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
      const client = new ApiClient({ apiUrl: url, sessions: memoryStore(), timeoutMs });
      await expect(me(client)).rejects.toThrow(`Cannot reach ${url} (timed out after ${timeoutMs / 1000} s).`);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }

  it("a request that outlives its timeout says so", async () => {
    await expectTimeout(() => {}, 200);
  });

  it("a response whose body stops coming counts as a timeout too", async () => {
    await expectTimeout((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"user":');
    }, 300);
  });

  it("follows a redirect as fetch does, without sending the token to another origin", async () => {
    const seen: (string | undefined)[] = [];
    const target = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ user: { id: "u1", email: "a@example.test", username: "a" } }));
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const moved = createServer((req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}${req.url}` });
      res.end();
    });
    await new Promise<void>((r) => moved.listen(0, "127.0.0.1", r));
    try {
      const client = new ApiClient({ apiUrl: `http://127.0.0.1:${(moved.address() as AddressInfo).port}/api`, sessions: memoryStore(session()) });
      expect(await me(client)).toEqual({ id: "u1", email: "a@example.test", username: "a" });
      expect(seen).toEqual([undefined]);
    } finally {
      await Promise.all([target, moved].map((server) => new Promise((r) => server.close(r))));
    }
  });

  it("refuses a response of the wrong shape", async () => {
    const canned = await cannedServer({ nope: true });
    try {
      const client = new ApiClient({ apiUrl: canned.url, sessions: memoryStore(session()) });
      await expect(me(client)).rejects.toMatchObject({ code: "BAD_RESPONSE", message: expect.stringContaining("GET") });
    } finally {
      await canned.close();
    }
  });

  it("refuses a blob whose bytes do not match its sha256", async () => {
    // The real database cannot hold such a blob (its key is checked against its content).
    const sha = sha256Hex("real");
    const canned = await cannedServer({ blobs: [{ sha256: sha, content_base64: Buffer.from("forged").toString("base64") }] });
    try {
      const client = new ApiClient({ apiUrl: canned.url, sessions: memoryStore(session()) });
      await expect(collected(client, [{ sha256: sha, size: 4 }])).rejects.toMatchObject({ code: "INTEGRITY" });
    } finally {
      await canned.close();
    }
  });
});

describe("blob batches", () => {
  const blob = (size: number, i: number) => ({ sha256: String(i), size });

  it("cap the number of hashes per call", () => {
    const batches = batchBlobs(Array.from({ length: 2500 }, (_, i) => blob(1, i)));
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
  });

  it("cap the expected bytes per call, a big blob alone", () => {
    const batches = batchBlobs([blob(5, 0), blob(4, 1), blob(20, 2), blob(1, 3)], { maxCount: 1000, maxBytes: 10 });
    expect(batches.map((b) => b.map((x) => x.sha256))).toEqual([["0", "1"], ["2"], ["3"]]);
  });
});
