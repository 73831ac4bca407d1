import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFolder } from "../src/lib/skill/folder.ts";
import { installFolder, removeFolder, writeFileAtomic } from "../src/lib/project/install.ts";
import { contents } from "./e2e/tree.ts";
import { copyFixture, tempDir } from "./helpers/fs.ts";

describe("atomic folder install", () => {
  it("writes a folder identical to its source, executable bits included", async () => {
    const source = await copyFixture("web-artifacts-builder", join(await tempDir(), "src"));
    const install = await tempDir();
    const files = await readFolder(source);
    await installFolder(install, "web-artifacts-builder", files!);
    const target = join(install, "web-artifacts-builder");
    expect(contents(target)).toEqual(contents(source));
    expect((await stat(join(target, "scripts", "init-artifact.sh"))).mode & 0o777).toBe(0o755);
    expect((await stat(join(target, "SKILL.md"))).mode & 0o777).toBe(0o644);
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect(await readdir(install)).toEqual(["web-artifacts-builder"]);
  });

  it("replaces an existing folder completely, leaving no staging folders", async () => {
    const install = await tempDir();
    await installFolder(install, "s", [{ path: "old.md", bytes: Buffer.from("old"), executable: false }]);
    await installFolder(install, "s", [{ path: "new.md", bytes: Buffer.from("new"), executable: false }]);
    expect(await readdir(join(install, "s"))).toEqual(["new.md"]);
    expect(await readdir(install)).toEqual(["s"]);
  });

  it("leaves the old folder intact when a write fails midway", async () => {
    const install = await tempDir();
    await installFolder(install, "s", [{ path: "SKILL.md", bytes: Buffer.from("v1"), executable: false }]);
    await expect(
      installFolder(install, "s", [
        { path: "SKILL.md", bytes: Buffer.from("v2"), executable: false },
        { path: "../escape.md", bytes: Buffer.from("x"), executable: false },
      ]),
    ).rejects.toThrow(/Refusing the path/);
    expect(await readFile(join(install, "s", "SKILL.md"), "utf8")).toBe("v1");
    expect(await readdir(install)).toEqual(["s"]);
  });

  it("refuses a manifest that lists a path twice", async () => {
    const install = await tempDir();
    const twice = { path: "a.md", bytes: Buffer.from("a"), executable: false };
    await expect(installFolder(install, "s", [twice, twice])).rejects.toThrow(/EEXIST/);
    expect(await readdir(install)).toEqual([]);
  });

  it("refuses to install or remove through a symlinked skill folder", async () => {
    const install = await tempDir();
    const elsewhere = await tempDir();
    await writeFile(join(elsewhere, "keep.md"), "keep");
    await symlink(elsewhere, join(install, "s"));
    await expect(installFolder(install, "s", [])).rejects.toThrow(/symbolic link/);
    await expect(removeFolder(install, "s")).rejects.toThrow(/symbolic link/);
    expect(await readFile(join(elsewhere, "keep.md"), "utf8")).toBe("keep");
  });

  it("writes a text file atomically, creating its folder", async () => {
    const root = await tempDir();
    await writeFileAtomic(root, "a/b.txt", "one");
    await writeFileAtomic(root, "a/b.txt", "two");
    expect(await readFile(join(root, "a", "b.txt"), "utf8")).toBe("two");
    expect(await readdir(join(root, "a"))).toEqual(["b.txt"]);
  });

  it("removes a folder and ignores one that is already gone", async () => {
    const install = await tempDir();
    await mkdir(join(install, "s", "deep"), { recursive: true });
    await removeFolder(install, "s");
    await removeFolder(install, "s");
    expect(await readdir(install)).toEqual([]);
  });
});
