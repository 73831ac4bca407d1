/**
 * `skills sync` against an API whose POST /sync answers are forged: a proxy in
 * front of the local platform passes every request through and, while a
 * forgery is set, asks for full manifests (no `have`) and rewrites the answer.
 * Whatever earlier runs recorded about a folder, an answer whose digest does
 * not match its files, that names a path outside the folder, that leaves out
 * files the repository does not have, that declares sizes beyond a skill's
 * limits, or whose file bytes are not the sizes declared (or endless), is
 * refused before anything is written, the CLI's memory staying small.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { folderFiles, signUp } from "../../../supabase/tests/support/api.ts";
import { parseLockfile, serializeLockfile } from "../../src/lib/lockfile/text.ts";
import { runCli } from "../helpers/cli.ts";
import { FIXTURES, tempDir } from "../helpers/fs.ts";
import { createSkill, localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";
import { contents, snapshot } from "./tree.ts";

type SyncAnswer = { skills: { digest: string; files: { path: string; sha256: string; size: number; executable: boolean }[] }[] };
type SyncAsked = { skills: { slug: string; have?: string }[] };

describe("sync against forged /sync answers", () => {
  const { apiUrl } = localPlatform();
  let forge: ((answer: SyncAnswer) => SyncAnswer) | null = null;
  /** While set, every POST /blobs is answered with this many MiB of base64 for its first hash, until the client hangs up. */
  let endlessBlobMiB: number | null = null;
  /** The most MiB one such answer got out before the client hung up. */
  let endlessSentMiB = 0;
  let seen: { asked: SyncAsked; answer: SyncAnswer } | undefined;
  const blobCalls: string[][] = [];
  let proxy: Server;
  let repo: string;

  beforeAll(async () => {
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c)).on("end", async () => {
        const isSync = req.url!.endsWith("/sync");
        let sent: string | undefined = chunks.length > 0 ? Buffer.concat(chunks).toString() : undefined;
        const asked = isSync ? (JSON.parse(sent!) as SyncAsked) : undefined;
        if (req.url!.endsWith("/blobs")) blobCalls.push((JSON.parse(sent!) as { sha256: string[] }).sha256);
        if (req.url!.endsWith("/blobs") && endlessBlobMiB !== null) return streamEndless(res, blobCalls.at(-1)![0]!, endlessBlobMiB);
        if (asked && forge) sent = JSON.stringify({ skills: asked.skills.map(({ have: _have, ...s }) => s) });
        const upstream = await fetch(new URL(req.url!, apiUrl), {
          method: req.method,
          headers: { authorization: req.headers.authorization ?? "", "content-type": req.headers["content-type"] ?? "application/json" },
          body: sent,
        });
        let body = await upstream.text();
        if (asked && upstream.ok) {
          const answer = (forge ?? ((a: SyncAnswer) => a))(JSON.parse(body));
          seen = { asked, answer };
          body = JSON.stringify(answer);
        }
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(body);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = new URL(new URL(apiUrl).pathname, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`).href;

    const owner = await signUp(apiUrl, "forged");
    await createSkill(apiUrl, owner, owner.username, { slug: "brand-guidelines", files: folderFiles(join(FIXTURES, "brand-guidelines")) });
    process.env.SKILLS_CONFIG_DIR = join(await tempDir("file"), "config");
    process.env.SKILLS_TOKEN = owner.token;
    repo = await tempDir("file");
    expect((await runCli(repo, "init", "--registry", owner.username, "--api-url", proxyUrl, "--targets", "claude", "--yes")).code).toBe(0);
    const add = await runCli(repo, "add", "--yes", `${owner.username}/brand-guidelines`);
    expect(add.code, add.stderr).toBe(0);
  });
  afterAll(async () => {
    delete process.env.SKILLS_TOKEN;
    await new Promise((r) => proxy.close(r));
  });

  /** Writes a JSON answer holding `mib` MiB of base64 for `sha256`, a MiB at a time as the client reads. */
  function streamEndless(res: ServerResponse, sha256: string, mib: number) {
    const chunk = Buffer.alloc(1024 * 1024, "A");
    let sent = 0;
    res.writeHead(200, { "content-type": "application/json" });
    res.write(`{"blobs":[{"sha256":"${sha256}","content_base64":"`);
    const pump = () => {
      while (sent < mib && !res.destroyed) {
        endlessSentMiB = Math.max(endlessSentMiB, ++sent);
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end('"}]}');
    };
    pump();
  }

  /** Deletes both copies of the skill, so that the next sync has to download every file. */
  async function dropCopies() {
    await rm(join(repo, ".skills/brand-guidelines"), { recursive: true });
    await rm(join(repo, ".claude/skills/brand-guidelines"), { recursive: true });
  }

  /** A genuine sync, which puts back whatever a test took away. */
  async function restore() {
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(contents(join(repo, ".skills/brand-guidelines"))).toEqual(contents(join(FIXTURES, "brand-guidelines")));
  }

  /** The answer with the size of its first non-empty file changed by `change`. */
  const resized = (change: (size: number) => number) => (answer: SyncAnswer): SyncAnswer => {
    const [skill] = answer.skills;
    const first = skill!.files.findIndex((f) => f.size > 0);
    return { ...answer, skills: [{ ...skill!, files: skill!.files.map((f, i) => (i === first ? { ...f, size: change(f.size) } : f)) }] };
  };

  /** Syncs with `forgery` applied to the answer, expecting a refusal that mentions `message` and no change on disk. */
  async function expectRefused(forgery: (answer: SyncAnswer) => SyncAnswer, message: string) {
    const before = snapshot(repo);
    forge = forgery;
    try {
      const sync = await runCli(repo, "sync");
      expect(sync.code).toBe(1);
      expect(sync.stderr).toContain(message);
    } finally {
      forge = null;
    }
    expect(snapshot(repo)).toEqual(before);
  }

  it("refuses files that differ from the digest this folder's record holds", async () => {
    await expectRefused((answer) => {
      const [skill] = answer.skills;
      const files = skill!.files.map((f, i) => (i === 0 ? { ...f, sha256: "0".repeat(64) } : f));
      return { ...answer, skills: [{ ...skill!, files }] };
    }, "with a digest that does not match its files");
  });

  it("refuses a manifest that lists one of the recorded files twice in place of another", async () => {
    await expectRefused((answer) => {
      const [skill] = answer.skills;
      const files = skill!.files.map((f, i, all) => (i === 1 ? all[0]! : f));
      return { ...answer, skills: [{ ...skill!, files }] };
    }, "with a file listed twice");
  });

  it("refuses a manifest that lists a file twice, even with a digest computed over it", async () => {
    const { folderDigest } = await import("../../src/lib/skill/digest.ts");
    await expectRefused((answer) => {
      const [skill] = answer.skills;
      const files = [...skill!.files, skill!.files[0]!];
      return { ...answer, skills: [{ ...skill!, files, digest: folderDigest(files) }] };
    }, "with a file listed twice");
  });

  it("refuses a digest the files do not have", async () => {
    await expectRefused((answer) => ({ ...answer, skills: [{ ...answer.skills[0]!, digest: `sha256:${"1".repeat(64)}` }] }), "with a digest that does not match its files");
  });

  it("checks the digest again once the lockfile was edited by hand to agree with a forged answer", async () => {
    const forgery = (answer: SyncAnswer) => {
      const [skill] = answer.skills;
      return { ...answer, skills: [{ ...skill!, files: skill!.files.map((f, i) => (i === 0 ? { ...f, sha256: "0".repeat(64) } : f)) }] };
    };
    const lockFile = join(repo, ".skills.lock");
    const genuine = await readFile(lockFile, "utf8");
    const lock = parseLockfile(genuine);
    const [entry] = lock.skills;
    const [first] = Object.keys(entry!.files).sort();
    await writeFile(lockFile, serializeLockfile({ ...lock, skills: [{ ...entry!, files: { ...entry!.files, [first!]: "0".repeat(64) } }] }));
    try {
      await expectRefused(forgery, "with a digest that does not match its files");
    } finally {
      await writeFile(lockFile, genuine);
    }
  });

  it("refuses an answer that leaves out the files of a version the repository does not have", async () => {
    await expectRefused(
      (answer) => ({ ...answer, skills: [{ ...answer.skills[0]!, digest: `sha256:${"2".repeat(64)}`, files: undefined as never }] }),
      "without its files, as if this repository had them",
    );
  });

  it("refuses a declared size of 2^53-1 for a small file, before downloading anything", async () => {
    await dropCopies();
    blobCalls.length = 0;
    try {
      await expectRefused(resized(() => Number.MAX_SAFE_INTEGER), "of 9007199254740991 bytes, over the 10 MiB a file may have");
      expect(blobCalls).toEqual([]);
    } finally {
      await restore();
    }
  });

  it("refuses a manifest whose files add up to more than a skill may hold", async () => {
    await expectRefused((answer) => {
      const [skill] = answer.skills;
      return { ...answer, skills: [{ ...skill!, files: skill!.files.map((f) => ({ ...f, size: 9 * 1024 * 1024 })) }] };
    }, "over the 16 MiB a skill may have");
  });

  it("refuses a file larger than its manifest says, and one smaller, installing nothing", async () => {
    await dropCopies();
    try {
      await expectRefused(resized((size) => size - 1), "were expected; nothing was changed");
      await expectRefused(resized((size) => size + 1), "were expected; nothing was changed");
    } finally {
      await restore();
    }
  });

  it("cuts off a 150 MiB answer for one file, its memory staying small, and installs nothing", async () => {
    await dropCopies();
    const before = snapshot(repo);
    const peakFile = join(await tempDir(), "peak-rss");
    endlessBlobMiB = 150;
    endlessSentMiB = 0;
    try {
      // The built CLI in a process of its own, so that its peak memory is its own.
      const sync = await skills(repo, { NODE_OPTIONS: `--require ${join(import.meta.dirname, "peak-rss.cjs")}`, SKILLS_TEST_PEAK_RSS_FILE: peakFile }, "sync");
      expect(sync.code).toBe(1);
      expect(sync.stderr).toContain("answered with more than the");
    } finally {
      endlessBlobMiB = null;
    }
    expect(snapshot(repo)).toEqual(before);
    // Cut off at what the manifest sizes allow (a size unknown counts as 10 MiB, 13.4 MiB in base64), long before 150 MiB.
    expect(endlessSentMiB).toBeLessThan(40);
    expect(Number(await readFile(peakFile, "utf8")) / 1024).toBeLessThan(160);
    await restore();
  });

  it("says which folder digests it has, and an unchanged skill comes back without its manifest", async () => {
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    const lock = parseLockfile(await readFile(join(repo, ".skills.lock"), "utf8"));
    expect(seen!.asked.skills).toEqual([expect.objectContaining({ slug: "brand-guidelines", have: lock.skills[0]!.digest })]);
    expect(seen!.answer.skills[0]!.files).toBeUndefined();
  });

  it("restores a deleted skill folder whose manifest the answer left out, from the agent copy", async () => {
    await rm(join(repo, ".skills/brand-guidelines"), { recursive: true });
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(seen!.answer.skills[0]!.files).toBeUndefined();
    expect(contents(join(repo, ".skills/brand-guidelines"))).toEqual(contents(join(FIXTURES, "brand-guidelines")));
  });

  it("downloads, one file a request, a skill whose manifest the answer left out when no copy is left on disk", async () => {
    await rm(join(repo, ".skills/brand-guidelines"), { recursive: true });
    await rm(join(repo, ".claude/skills/brand-guidelines"), { recursive: true });
    blobCalls.length = 0;
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(seen!.answer.skills[0]!.files).toBeUndefined();
    expect(contents(join(repo, ".skills/brand-guidelines"))).toEqual(contents(join(FIXTURES, "brand-guidelines")));
    expect(contents(join(repo, ".claude/skills/brand-guidelines"))).toEqual(contents(join(FIXTURES, "brand-guidelines")));
    const lock = parseLockfile(await readFile(join(repo, ".skills.lock"), "utf8"));
    // Sizes unknown (the lockfile records none): each file in a request of its own, each once.
    expect(blobCalls.map((c) => c.length)).toEqual(Object.keys(lock.skills[0]!.files).map(() => 1));
    expect(blobCalls.flat().sort()).toEqual([...new Set(Object.values(lock.skills[0]!.files))].sort());
  });

  it("refuses a path outside the skill folder", async () => {
    await expectRefused((answer) => {
      const [skill] = answer.skills;
      return { ...answer, skills: [{ ...skill!, files: [...skill!.files, { ...skill!.files[0]!, path: "../escape.md" }] }] };
    }, 'with the path "../escape.md"');
  });

  it("syncs again once the answers are genuine", async () => {
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toContain("0 updated, 1 unchanged");
  });
});
