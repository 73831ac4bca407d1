import { chmod, mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderDigest, sha256Hex } from "../src/lib/skill/digest.ts";
import { readFolder, scanFolder } from "../src/lib/skill/folder.ts";
import { copyFixture, tempDir } from "./helpers/fs.ts";

describe("folder scan", () => {
  it("lists every file with its hash, size and executable bit, sorted by path", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "scripts"));
    await writeFile(join(dir, "SKILL.md"), "---\nname: x\n---\n");
    await writeFile(join(dir, "scripts", "run.sh"), "#!/bin/sh\n");
    await chmod(join(dir, "scripts", "run.sh"), 0o755);
    const scan = await scanFolder(dir);
    expect(scan!.files.map(({ absolutePath: _, ...f }) => f)).toEqual([
      { path: "SKILL.md", sha256: sha256Hex("---\nname: x\n---\n"), size: 16, executable: false },
      { path: "scripts/run.sh", sha256: sha256Hex("#!/bin/sh\n"), size: 10, executable: true },
    ]);
    expect(scan!.digest).toBe(folderDigest(scan!.files));
  });

  it("skips the .modified marker, so marking a skill edited does not change its digest", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "SKILL.md"), "x");
    const before = await scanFolder(dir);
    await writeFile(join(dir, ".modified"), "");
    const after = await scanFolder(dir);
    expect(after!.files.map((f) => f.path)).toEqual(["SKILL.md"]);
    expect(after!.digest).toBe(before!.digest);
  });

  it("skips a top-level meta.yaml, which sync generates, but not one deeper down", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "SKILL.md"), "x");
    const before = await scanFolder(dir);
    await writeFile(join(dir, "meta.yaml"), "registry: r\n");
    const after = await scanFolder(dir);
    expect(after!.digest).toBe(before!.digest);
    expect((await readFolder(dir))!.map((f) => f.path)).toEqual(["SKILL.md"]);
    await mkdir(join(dir, "docs"));
    await writeFile(join(dir, "docs", "meta.yaml"), "kept: true\n");
    expect((await scanFolder(dir))!.files.map((f) => f.path)).toEqual(["SKILL.md", "docs/meta.yaml"]);
  });

  it("refuses a symlink with a clear error", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "SKILL.md"), "x");
    await symlink("/etc/hostname", join(dir, "link.md"));
    await expect(scanFolder(dir)).rejects.toThrow(/link\.md is a symbolic link; a skill folder may hold only regular files/);
  });

  it("returns null for a missing folder", async () => {
    expect(await scanFolder(join(await tempDir(), "nope"))).toBeNull();
  });

  it("reads a large real skill completely, bytes included", async () => {
    const dir = await copyFixture("claude-api", join(await tempDir(), "claude-api"));
    const files = await readFolder(dir);
    const count = async (d: string): Promise<number> => {
      let n = 0;
      for (const e of await readdir(d, { withFileTypes: true })) n += e.isDirectory() ? await count(join(d, e.name)) : 1;
      return n;
    };
    expect(files!.length).toBe(await count(dir));
    for (const f of files!) expect(sha256Hex(f.bytes)).toBe(f.sha256);
    expect(files!.some((f) => f.path.split("/").length >= 3)).toBe(true);
  });
});
