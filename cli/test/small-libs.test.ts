import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleSkills } from "../src/lib/skill/bundle.ts";
import { scanFolder, scanFolderCached } from "../src/lib/skill/folder.ts";
import { apiError } from "../src/lib/errors.ts";
import { diffFolders } from "../src/lib/skill/folder-diff.ts";
import { recoverInterrupted } from "../src/lib/sync/recover.ts";
import { closestMatch } from "../src/lib/terminal/suggest.ts";
import { tempDir } from "./helpers/fs.ts";

describe("API errors", () => {
  it("a per-call message replaces the default; a function of the server's message keeps the server's reason", () => {
    expect(apiError(403, "Only admins of 'x' can invite members.").message).toBe("You don't have permission to do that. Contact a registry admin.");
    expect(apiError(403, "nope", { 403: "Fixed." })).toMatchObject({ code: "FORBIDDEN", message: "Fixed.", status: 403 });
    const fromServer = { 403: (said: string | undefined) => said ?? "Fallback." };
    expect(apiError(403, "'jake' is a personal registry", fromServer).message).toBe("'jake' is a personal registry");
    expect(apiError(403, undefined, fromServer).message).toBe("Fallback.");
    expect(apiError(409, "already invited", fromServer).message).toBe("already invited");
  });
});

describe("bundle", () => {
  it("separates each SKILL.md with its name, registry and version", () => {
    expect(bundleSkills([
      { slug: "a-b", registry: "kove", version: "1.3.0", content: "# A\n\n" },
      { slug: "c-d", registry: "jake", version: "2.0.0", content: "# C\n" },
    ])).toBe("<!-- === SKILL: a-b (kove v1.3.0) === -->\n\n# A\n\n<!-- === SKILL: c-d (jake v2.0.0) === -->\n\n# C\n");
  });
});

describe("folder diff", () => {
  it("shows changed, added and removed files as unified diffs and names binary files", () => {
    const before = new Map([["SKILL.md", Buffer.from("one\ntwo\n")], ["old.md", Buffer.from("x\n")], ["font.ttf", Buffer.from([0, 1, 2, 0])], ["same.md", Buffer.from("s")]]);
    const after = new Map([["SKILL.md", Buffer.from("one\nthree\n")], ["new.md", Buffer.from("y\n")], ["font.ttf", Buffer.from([0, 9, 9, 0])], ["same.md", Buffer.from("s")]]);
    const diffs = diffFolders(before, after);
    expect(diffs.map((d) => [d.path, d.status, d.binary])).toEqual([
      ["SKILL.md", "modified", false],
      ["font.ttf", "modified", true],
      ["new.md", "added", false],
      ["old.md", "removed", false],
    ]);
    expect(diffs[0]!.patch).toContain("-two\n+three\n");
    expect(diffs[0]!.patch).toContain("--- a/SKILL.md\tremote");
    expect(diffs[1]!.patch).toBe("");
  });
});

describe("close matches", () => {
  it("suggests a near slug and nothing for a different word", () => {
    expect(closestMatch("supabase-edgee", ["zod-v4", "supabase-edge"])).toBe("supabase-edge");
    expect(closestMatch("react", ["zod-v4", "supabase-edge"])).toBeUndefined();
    expect(closestMatch("x", [])).toBeUndefined();
  });
});

describe("stat cache", () => {
  it("trusts unchanged files and re-reads a file whose content changed, even with the same size", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "a.md"), "aaaa");
    await writeFile(join(dir, "b.md"), "bbbb");
    const first = scanFolderCached(dir, undefined, 0)!;
    const writtenAt = Date.now() + 1000;
    const cache = Object.fromEntries(Object.entries(first.stats).map(([p, s]) => [p, { ...s, sha256: p === "a.md" ? "f".repeat(64) : s.sha256 }]));
    // A cached hash is used as is when nothing about the file changed (proved by the fake hash).
    expect(scanFolderCached(dir, cache, writtenAt)!.manifest.files.find((f) => f.path === "a.md")!.sha256).toBe("f".repeat(64));
    await writeFile(join(dir, "b.md"), "BBBB");
    const after = scanFolderCached(dir, first.stats, writtenAt)!;
    expect(after.manifest.digest).toBe((await scanFolder(dir))!.digest);
  });

  it("re-reads a file modified after the cache was written even if its stat looks the same", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "a.md"), "aaaa");
    const first = scanFolderCached(dir, undefined, 0)!;
    const cache = { "a.md": { ...first.stats["a.md"]!, sha256: "f".repeat(64) } };
    expect(scanFolderCached(dir, cache, 0)!.manifest.files[0]!.sha256).not.toBe("f".repeat(64));
  });
});

describe("recovery after an interrupted install", () => {
  it("puts back a folder moved aside before its replacement arrived, and deletes staging leftovers", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, ".old-alpha-0123abcd"));
    await writeFile(join(dir, ".old-alpha-0123abcd", "SKILL.md"), "old");
    await mkdir(join(dir, ".tmp-alpha-Ab12Cd"));
    await mkdir(join(dir, "beta"));
    await mkdir(join(dir, ".old-beta-89abcdef"));
    await writeFile(join(dir, "SKILLS_INDEX.md.tmp-0a1b2c3d"), "partial");
    await recoverInterrupted([dir, join(dir, "missing")]);
    expect((await readdir(dir)).sort()).toEqual(["alpha", "beta"]);
    expect(await readFile(join(dir, "alpha", "SKILL.md"), "utf8")).toBe("old");
  });
});
