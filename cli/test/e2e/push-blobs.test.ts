/**
 * `skills push` publishes in steps against the local platform: it asks which
 * blobs the server lacks, uploads only those (small files together, big ones
 * alone), then publishes the manifest; and it refuses a folder over the
 * registry's limits before sending anything.
 */
import { randomBytes } from "node:crypto";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { folderDigest } from "../../src/lib/skill/digest.ts";
import { readFolder } from "../../src/lib/skill/folder.ts";
import { runCli } from "../helpers/cli.ts";
import { copyFixture, tempDir } from "../helpers/fs.ts";
import { getSkill, localPlatform } from "./platform.ts";
import { watchRequests, type RequestWatch } from "./requests.ts";

describe("skills push uploads only what the server lacks", () => {
  const { apiUrl } = localPlatform();
  let jake: TestUser;
  let repo: string;
  let requests: RequestWatch;

  /** The sha256 of every blob the requests so far uploaded, one entry per upload. */
  const uploaded = () =>
    requests.all().flatMap((r) => {
      if (r.method === "PUT" && r.path.startsWith("/blobs/")) return [r.path.slice("/blobs/".length)];
      if (r.method === "POST" && r.path === "/blobs/upload") return (r.body as { blobs: { sha256: string }[] }).blobs.map((b) => b.sha256);
      return [];
    });

  beforeAll(async () => {
    process.env.SKILLS_CONFIG_DIR = join(await tempDir("file"), "config");
    delete process.env.SKILLS_API_URL;
    jake = await signUp(apiUrl, "jake");
    repo = await tempDir("file");
    expect((await runCli(repo, "init", "--registry", jake.username, "--api-url", apiUrl)).code).toBe(0);
    expect((await runCli(repo, "login", "--email", jake.email, "--password", jake.password)).code).toBe(0);
    requests = watchRequests(apiUrl);
  });
  beforeEach(() => requests.clear());
  afterAll(() => requests.stop());

  it("uploads every file once, a big one by itself, and a re-push that changes one file uploads exactly that file", async () => {
    const dir = await copyFixture("canvas-design", join(await tempDir(), "canvas-design"));
    await mkdir(join(dir, "assets"), { recursive: true });
    await writeFile(join(dir, "assets/big.bin"), randomBytes(700 * 1024));
    const push = await runCli(repo, "push", "canvas-design", "--path", dir, "--yes");
    expect(push.code, push.stderr).toBe(0);
    const local = (await readFolder(dir))!;
    const distinct = new Set(local.map((f) => f.sha256));
    expect(uploaded().sort()).toEqual([...distinct].sort());
    const puts = requests.all().filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.path)).toEqual([`/blobs/${local.find((f) => f.path === "assets/big.bin")!.sha256}`]);
    // The publish itself carries no bytes.
    const publish = requests.all().find((r) => r.method === "POST" && r.path === `/registries/${jake.username}/skills`)!;
    expect(JSON.stringify(publish.body)).not.toContain("content_base64");
    const stored = await getSkill(apiUrl, jake, jake.username, "canvas-design");
    expect(stored.digest).toBe(folderDigest(local));

    requests.clear();
    await appendFile(join(dir, "SKILL.md"), "\nOne more line.\n");
    const again = await runCli(repo, "push", "canvas-design", "--path", dir, "--yes");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`Pushed canvas-design v1.0.1 to ${jake.username}\n`);
    const changed = (await readFolder(dir))!.find((f) => f.path === "SKILL.md")!;
    expect(uploaded()).toEqual([changed.sha256]);
    expect((await getSkill(apiUrl, jake, jake.username, "canvas-design")).content).toContain("One more line.");
  });

  it("refuses a folder with more files than a version may have, before any request, and publishes nothing", async () => {
    const dir = join(await tempDir(), "too-many");
    await mkdir(join(dir, "files"), { recursive: true });
    await writeFile(join(dir, "SKILL.md"), "---\nname: too-many\ndescription: Too many files\n---\n\n# Too many\n");
    for (let i = 0; i < 600; i++) await writeFile(join(dir, "files", `${i}.txt`), `${i}\n`);
    const push = await runCli(repo, "push", "too-many", "--path", dir, "--yes");
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("too-many has 601 files; the registry accepts at most 512 per version; nothing was published.\n");
    expect(push.stderr.trim().split("\n")).toHaveLength(1);
    expect(requests.all()).toEqual([]);
    expect((await call(apiUrl, "GET", `/registries/${jake.username}/skills/too-many`, { token: jake.token })).status).toBe(404);
  });

  it("refuses a folder with more bytes than a version may have, before any request", async () => {
    const dir = join(await tempDir(), "too-big");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "SKILL.md"), "---\nname: too-big\ndescription: Too many bytes\n---\n\n# Too big\n");
    for (const name of ["a.bin", "b.bin"]) await writeFile(join(dir, name), Buffer.alloc(8.5 * 1024 * 1024, 1));
    const push = await runCli(repo, "push", "too-big", "--path", dir, "--yes");
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("too-big has 17.0 MiB of files; the registry accepts at most 16 MiB per version; nothing was published.\n");
    expect(push.stderr.trim().split("\n")).toHaveLength(1);
    expect(requests.all()).toEqual([]);
  });
});
