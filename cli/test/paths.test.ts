import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertSafeRelativePath, safeJoin, unsafePathReason } from "../src/lib/skill/paths.ts";
import { tempDir } from "./helpers/fs.ts";

describe("path safety", () => {
  it.each([
    ["", "it is empty"],
    ["../etc/passwd", 'it has a ".." segment'],
    ["a/../../b", 'it has a ".." segment'],
    ["./a", 'it has a "." segment'],
    ["/etc/passwd", "it is absolute"],
    ["C:/Windows", "it is absolute"],
    ["a\\..\\b", "it contains a backslash"],
    ["a\0b", "it contains a NUL character"],
    ["a//b", "it has an empty segment"],
    ["a/", "it has an empty segment"],
  ])("refuses %j: %s", (path, reason) => {
    expect(unsafePathReason(path)).toBe(reason);
    expect(() => assertSafeRelativePath(path)).toThrow(reason);
  });

  it.each(["SKILL.md", "references/deep/four/levels.md", ".hidden/x", "a..b/c"])("accepts %j", (path) => {
    expect(unsafePathReason(path)).toBeNull();
  });

  it("joins inside the root", async () => {
    const root = await tempDir();
    expect(safeJoin(root, "a/b.md")).toBe(join(root, "a", "b.md"));
  });

  it("refuses a path that climbs out of the root", async () => {
    const root = await tempDir();
    expect(() => safeJoin(root, "../x")).toThrow(/Refusing the path "..\/x"/);
  });

  it("refuses to write through a symlinked folder on the way", async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await symlink(outside, join(root, "link"));
    expect(() => safeJoin(root, "link/file.md")).toThrow(/symbolic link .*link/);
  });

  it("refuses a target that is itself a symlink", async () => {
    const root = await tempDir();
    await mkdir(join(root, "dir"));
    await symlink("/etc/passwd", join(root, "dir", "file"));
    expect(() => safeJoin(root, "dir/file")).toThrow(/symbolic link/);
  });
});
