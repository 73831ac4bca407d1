import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderPathProblem } from "../../functions/_shared/folder-paths.ts";
import { FIXTURES_DIR as FIXTURES, folderFiles } from "../support/api.ts";

const nfc = "r\u00e9sum\u00e9.md";
const nfd = "re\u0301sume\u0301.md";

describe("folderPathProblem: paths every client can install side by side", () => {
  it("accepts every real skill folder", () => {
    const names = readdirSync(FIXTURES);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect(folderPathProblem(folderFiles(join(FIXTURES, name)).map((f) => f.path)), name).toBeNull();
    }
  });

  it("accepts ordinary neighbours: same name in different folders, a name that only starts like a folder, non-ASCII names", () => {
    expect(folderPathProblem(["SKILL.md", "a/README.md", "b/README.md", "a.md", "a/b", "ab/c", "con-fig.md", "docs/console.md", "comma.txt", nfc, "日本語.md"])).toBeNull();
    expect(folderPathProblem(["x".repeat(255), `d/${"é".repeat(127)}`])).toBeNull();
  });

  it.each([
    [["README.md", "readme.md"], '"README.md" and "readme.md" differ only in letter case'],
    [[nfc, nfd], `"${nfc}" and "${nfd}" differ only in letter case or Unicode normalization`],
    [[nfc, "RE\u0301SUME\u0301.md"], "differ only in letter case or Unicode normalization"],
    [["stra\u00dfe.md", "STRASSE.md"], "differ only in letter case"],
    [["Docs/a.md", "docs/b.md"], '(in the folders "Docs" and "docs")'],
    [["a/X/1", "a/x/2"], '(in the folders "a/X" and "a/x")'],
  ])("refuses names that one case-insensitive disk stores as one: %j", (paths, message) => {
    expect(folderPathProblem(paths)).toContain(message);
  });

  it("refuses a file that is also a folder of another path, in either order and in any case", () => {
    expect(folderPathProblem(["a", "a/b"])).toBe('"a" is a file, but "a/b" needs a folder "a" in its place.');
    expect(folderPathProblem(["x/a/b/c", "x/a"])).toBe('"x/a" is a file, but "x/a/b/c" needs a folder "x/a" in its place.');
    expect(folderPathProblem(["A", "a/b"])).toBe('"A" is a file, but "a/b" needs a folder "a" in its place.');
  });

  it("refuses a path listed twice", () => {
    expect(folderPathProblem(["SKILL.md", "x/y", "x/y"])).toBe('"x/y" is listed twice.');
  });

  it("refuses a name over 255 bytes of UTF-8, counting bytes, not characters", () => {
    expect(folderPathProblem(["x".repeat(256)])).toContain("has a name of 256 bytes; a file or folder name may have at most 255 bytes (UTF-8)");
    expect(folderPathProblem([`d/${"é".repeat(128)}/f`])).toContain("has a name of 256 bytes");
    expect(folderPathProblem(["x".repeat(300)])).toContain("300 bytes");
  });

  it.each(["CON", "con", "prn.txt", "Aux.tar.gz", "NUL", "com1", "COM9.md", "lpt1", "LPT9.log", "docs/nul.md"])("refuses the Windows device name %j", (path) => {
    expect(folderPathProblem(["SKILL.md", path])).toContain("a device name Windows reserves");
  });

  it.each(["com0", "lpt10", "console", "auxiliary.md", "nully"])("accepts %j, which only looks like a device name", (path) => {
    expect(folderPathProblem([path])).toBeNull();
  });

  it.each(["notes.", "notes ", "dir./f", "dir /f", "..."])("refuses %j, whose name ends in a dot or space", (path) => {
    expect(folderPathProblem([path])).toContain("ends in a dot or a space");
  });

  it.each(["a<b", "a>b", "a:b", 'a"b', "a|b", "a?b", "a*b", "d:x/f"])("refuses %j, a character Windows refuses", (path) => {
    expect(folderPathProblem([path])).toContain("which Windows refuses");
  });

  it("names the first problem in the order given", () => {
    expect(folderPathProblem(["b", "B", "con"])).toContain('"b" and "B"');
    expect(folderPathProblem(["con", "b", "B"])).toContain('"con"');
  });
});
