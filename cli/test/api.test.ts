import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiClient, batchBlobs } from "../src/lib/api.ts";
import { sha256Hex } from "../src/lib/digest.ts";
import type { Session, SessionStore } from "../src/lib/global-config.ts";
import { seed, startFakeApi, USER, type FakeApi } from "./helpers/fake-api.ts";

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
const session = (access: string, refresh: string, expiresIn = 3600): Session => ({
  access_token: access,
  refresh_token: refresh,
  expires_at: now() + expiresIn,
  user: USER,
});

/** A server answering every request with `body` (status 200). */
async function cannedServer(body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, close: () => new Promise((r) => server.close(() => r())) };
}

describe("API client", () => {
  let api: FakeApi;
  beforeEach(async () => {
    api = await startFakeApi();
  });
  afterEach(async () => {
    await api.close();
  });

  it("logs in and keeps the session for its API URL", async () => {
    const store = memoryStore();
    const client = new ApiClient({ apiUrl: `${api.url}/`, sessions: store });
    await client.login({ email: USER.email, password: "secret" });
    expect(store.sessions.get(api.url)?.user).toEqual(USER);
    expect(await client.me()).toEqual(USER);
  });

  it("refreshes once on a 401 and retries the request", async () => {
    const store = memoryStore(session("revoked", "refresh-1"));
    const client = new ApiClient({ apiUrl: api.url, sessions: store });
    expect(await client.me()).toEqual(USER);
    expect(api.requests).toEqual(["GET /me", "POST /auth/refresh", "GET /me"]);
    expect(store.sessions.get(api.url)?.access_token).toBe("token-2");
  });

  it("refreshes shortly before expiry, once for concurrent requests", async () => {
    const store = memoryStore(session("token-1", "refresh-1", 10));
    const client = new ApiClient({ apiUrl: api.url, sessions: store });
    await Promise.all([client.me(), client.me(), client.me()]);
    expect(api.requests.filter((r) => r === "POST /auth/refresh")).toHaveLength(1);
    expect(api.requests.indexOf("POST /auth/refresh")).toBe(0);
  });

  it("a refused refresh forgets the session and says to log in again", async () => {
    const store = memoryStore(session("revoked", "stolen"));
    const client = new ApiClient({ apiUrl: api.url, sessions: store });
    await expect(client.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Your session has expired. Run `skills login` again." });
    expect(store.get(api.url)).toBeUndefined();
  });

  it("without a session a 401 says to log in", async () => {
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore() });
    await expect(client.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", exitCode: 1, message: "Not logged in. Run `skills login` first." });
  });

  it("shows the server's message for a 400", async () => {
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore() });
    await expect(client.login({ email: USER.email, password: "wrong" })).rejects.toMatchObject({ code: "VALIDATION_ERROR", message: "Invalid login credentials" });
  });

  it("a 403 on publish names the registry and skill", async () => {
    seed(api, "kove-inc", "zod-v4", "1.0.0", []);
    api.writable = new Set();
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore(session("token-1", "refresh-1")) });
    await expect(client.publishVersion("kove-inc", "zod-v4", { version: "1.0.1", files: [{ path: "SKILL.md", content_base64: "", executable: false }] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You don't have write access to kove-inc/zod-v4. Contact a registry admin.",
    });
  });

  it("a 409 shows why the server refused", async () => {
    seed(api, "kove-inc", "zod-v4", "1.2.0", []);
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore(session("token-1", "refresh-1")) });
    await expect(client.publishVersion("kove-inc", "zod-v4", { version: "1.1.0", files: [{ path: "SKILL.md", content_base64: "", executable: false }] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Version 1.1.0 must be greater than the latest version 1.2.0",
    });
  });

  it("a missing skill is null, not an error", async () => {
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore(session("token-1", "refresh-1")) });
    expect(await client.skill("kove-inc", "nope")).toBeNull();
  });

  it("an unreachable API says which URL it cannot reach and why", async () => {
    const closed = await cannedServer({});
    await closed.close();
    const client = new ApiClient({ apiUrl: closed.url, sessions: memoryStore() });
    await expect(client.me()).rejects.toThrow(`Cannot reach ${closed.url} (ECONNREFUSED).`);
  });

  it("a request that outlives its timeout says so", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`;
      const client = new ApiClient({ apiUrl: url, sessions: memoryStore(), timeoutMs: 200 });
      await expect(client.me()).rejects.toThrow(`Cannot reach ${url} (timed out after 0.2 s).`);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it("refuses a response of the wrong shape", async () => {
    const canned = await cannedServer({ nope: true });
    try {
      const client = new ApiClient({ apiUrl: canned.url, sessions: memoryStore(session("t", "r")) });
      await expect(client.me()).rejects.toMatchObject({ code: "BAD_RESPONSE", message: expect.stringContaining("GET") });
    } finally {
      await canned.close();
    }
  });

  it("refuses a blob whose bytes do not match its sha256", async () => {
    const sha = sha256Hex("real");
    const canned = await cannedServer({ blobs: [{ sha256: sha, content_base64: Buffer.from("forged").toString("base64") }] });
    try {
      const client = new ApiClient({ apiUrl: canned.url, sessions: memoryStore(session("t", "r")) });
      await expect(client.blobs([{ sha256: sha, size: 4 }])).rejects.toMatchObject({ code: "INTEGRITY" });
    } finally {
      await canned.close();
    }
  });

  it("refuses a blob the server left out", async () => {
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore(session("token-1", "refresh-1")) });
    await expect(client.blobs([{ sha256: sha256Hex("unknown"), size: 7 }])).rejects.toThrow(/did not return 1 file/);
  });

  it("fetches blobs in batches and verifies them", async () => {
    const files = ["a", "b", "c"].map((t) => ({ path: `${t}.md`, bytes: Buffer.from(t), executable: false, sha256: sha256Hex(t), size: 1, absolutePath: "" }));
    seed(api, "jake", "x", "1.0.0", files);
    const client = new ApiClient({ apiUrl: api.url, sessions: memoryStore(session("token-1", "refresh-1")) });
    const blobs = await client.blobs(files.map((f) => ({ sha256: f.sha256, size: f.size })));
    expect([...blobs.values()].map((b) => b.toString()).sort()).toEqual(["a", "b", "c"]);
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
