import { describe, expect, it } from "vitest";
import { filesWithConflictMarkers } from "../src/lib/skill/conflict-markers.ts";
import { mergeFolders, mergeText, type MergeFile } from "../src/lib/skill/merge.ts";

const LABEL = "kove-inc/x@1.0.1";
const text = (s: string, executable = false): MergeFile => ({ bytes: Buffer.from(s, "utf8"), executable });
const folder = (entries: Record<string, MergeFile>) => new Map(Object.entries(entries));
const numbered = (n: number, change: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => `${change[i + 1] ?? `line ${i + 1}`}\n`).join("");
const merged = (outcome: ReturnType<typeof mergeFolders>, path: string) => outcome.files.find((f) => f.path === path)?.bytes.toString("utf8");

describe("mergeText", () => {
  it("keeps both sides' changes to different lines", () => {
    const result = mergeText(numbered(12), numbered(12, { 3: "mine" }), numbered(12, { 10: "theirs" }), LABEL);
    expect(result).toEqual({ text: numbered(12, { 3: "mine", 10: "theirs" }), conflict: false });
  });

  it("marks the same line changed differently, local first, upstream named", () => {
    const result = mergeText("a\nb\nc\n", "a\nmine\nc\n", "a\ntheirs\nc\n", LABEL);
    expect(result.conflict).toBe(true);
    expect(result.text).toBe(`a\n<<<<<<< local\nmine\n=======\ntheirs\n>>>>>>> ${LABEL}\nc\n`);
  });

  it("takes the same change made on both sides once", () => {
    expect(mergeText("a\nb\n", "a\nB\n", "a\nB\n", LABEL)).toEqual({ text: "a\nB\n", conflict: false });
  });

  it("keeps CRLF line endings and a last line without a newline", () => {
    const result = mergeText("a\r\nb\r\nc", "A\r\nb\r\nc", "a\r\nb\r\nC", LABEL);
    expect(result).toEqual({ text: "A\r\nb\r\nC", conflict: false });
  });

  it("ends a conflicting last line without a newline before the marker after it", () => {
    const result = mergeText("a\nb", "a\nmine", "a\ntheirs", LABEL);
    expect(result.text).toBe(`a\n<<<<<<< local\nmine\n=======\ntheirs\n>>>>>>> ${LABEL}\n`);
  });
});

describe("mergeFolders", () => {
  it("follows the side that added, removed or changed a file, and merges a file both changed", () => {
    const base = folder({ "SKILL.md": text(numbered(12)), "old.md": text("old\n"), "gone.md": text("gone\n"), "same.md": text("same\n") });
    const local = folder({
      "SKILL.md": text(numbered(12, { 3: "mine" })),
      "old.md": text("old\n"),
      "same.md": text("same\n"),
      "mine.md": text("new locally\n"),
    });
    const upstream = folder({
      "SKILL.md": text(numbered(12, { 10: "theirs" })),
      "gone.md": text("gone\n"),
      "same.md": text("same\n"),
      "theirs.md": text("new upstream\n"),
    });
    const outcome = mergeFolders({ base, local, upstream, upstreamLabel: LABEL });
    expect(outcome.conflicts).toEqual([]);
    expect(outcome.files.map((f) => f.path)).toEqual(["SKILL.md", "mine.md", "same.md", "theirs.md"]);
    expect(merged(outcome, "SKILL.md")).toBe(numbered(12, { 3: "mine", 10: "theirs" }));
  });

  it("names a text file with conflict markers", () => {
    const outcome = mergeFolders({
      base: folder({ "SKILL.md": text("a\nb\n") }),
      local: folder({ "SKILL.md": text("a\nmine\n") }),
      upstream: folder({ "SKILL.md": text("a\ntheirs\n") }),
      upstreamLabel: LABEL,
    });
    expect(outcome.conflicts).toEqual([{ path: "SKILL.md", kind: "lines" }]);
    expect(merged(outcome, "SKILL.md")).toContain("<<<<<<< local\nmine\n=======\ntheirs\n>>>>>>> kove-inc/x@1.0.1\n");
  });

  it("keeps the local bytes of a binary file both changed, and says so", () => {
    const bin = (...bytes: number[]): MergeFile => ({ bytes: Buffer.from([0, ...bytes]), executable: false });
    const outcome = mergeFolders({
      base: folder({ "logo.png": bin(1) }),
      local: folder({ "logo.png": bin(2) }),
      upstream: folder({ "logo.png": bin(3) }),
      upstreamLabel: LABEL,
    });
    expect(outcome.conflicts).toEqual([{ path: "logo.png", kind: "binary" }]);
    expect(outcome.files).toEqual([{ path: "logo.png", bytes: Buffer.from([0, 2]), executable: false }]);
  });

  it("keeps a file one side changed and the other removed, as a conflict", () => {
    const outcome = mergeFolders({
      base: folder({ "a.md": text("a\n"), "b.md": text("b\n") }),
      local: folder({ "a.md": text("a, edited\n") }),
      upstream: folder({ "b.md": text("b, edited\n") }),
      upstreamLabel: LABEL,
    });
    expect(outcome.conflicts).toEqual([{ path: "a.md", kind: "deleted" }, { path: "b.md", kind: "deleted" }]);
    expect(outcome.files.map((f) => [f.path, f.bytes.toString()])).toEqual([["a.md", "a, edited\n"], ["b.md", "b, edited\n"]]);
  });

  it("takes an executable bit set upstream into a merged file", () => {
    const outcome = mergeFolders({
      base: folder({ "run.sh": text("echo 1\necho 2\necho 3\n") }),
      local: folder({ "run.sh": text("echo one\necho 2\necho 3\n") }),
      upstream: folder({ "run.sh": text("echo 1\necho 2\necho three\n", true) }),
      upstreamLabel: LABEL,
    });
    expect(outcome.files).toEqual([{ path: "run.sh", bytes: Buffer.from("echo one\necho 2\necho three\n"), executable: true }]);
  });
});

describe("filesWithConflictMarkers", () => {
  it("names the files a merge marked until the markers are gone", () => {
    const marked = mergeText("a\nb\n", "a\nmine\n", "a\ntheirs\n", LABEL).text;
    const files = [
      { path: "SKILL.md", bytes: Buffer.from(marked) },
      { path: "crlf.md", bytes: Buffer.from(marked.replaceAll("\n", "\r\n")) },
      { path: "resolved.md", bytes: Buffer.from("a\nmine\n") },
      { path: "only-start.md", bytes: Buffer.from("<<<<<<< local\ntext\n") },
    ];
    expect(filesWithConflictMarkers(files)).toEqual(["SKILL.md", "crlf.md"]);
  });
});
