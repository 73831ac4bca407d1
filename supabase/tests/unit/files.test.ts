import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepareFolder, unsafePathReason } from "../../functions/_shared/domain/folder.ts";
import { SKILL_LIMITS } from "../../functions/_shared/skill-limits.ts";
import { sizeLimits } from "../../functions/_shared/domain/limits.ts";
import { ApiError } from "../../functions/_shared/errors.ts";
import { FIXTURES_DIR as FIXTURES, folderFiles } from "../support/api.ts";

const limits = SKILL_LIMITS;
const b64 = (s: string) => Buffer.from(s).toString("base64");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as ApiError).code;
  }
  return undefined;
}

describe("folder validation", () => {
  it.each(["../etc/passwd", "/abs", "a/../../b", "a//b", "a/./b", "C:/x", "a\\b", "dir/", ""])("refuses the unsafe path %j", (p) => {
    expect(unsafePathReason(p)).not.toBeNull();
  });
  it("accepts nested relative paths", () => {
    expect(unsafePathReason("references/python/claude-api/README.md")).toBeNull();
  });
  it("refuses a folder without SKILL.md", () => {
    expect(codeOf(() => prepareFolder([{ path: "README.md", content_base64: b64("x"), executable: false }], limits))).toBe("VALIDATION_ERROR");
  });
  it("refuses duplicate paths and bad base64", () => {
    const skill = { path: "SKILL.md", content_base64: b64("# x"), executable: false };
    expect(codeOf(() => prepareFolder([skill, skill], limits))).toBe("VALIDATION_ERROR");
    expect(codeOf(() => prepareFolder([{ ...skill, content_base64: "@@@" }], limits))).toBe("VALIDATION_ERROR");
  });
  it("refuses a file over the per-file limit with 413", () => {
    const files = [{ path: "SKILL.md", content_base64: b64("0123456789"), executable: false }];
    expect(codeOf(() => prepareFolder(files, { ...limits, maxFileBytes: 5 }))).toBe("PAYLOAD_TOO_LARGE");
  });
  it("refuses more files or more bytes than a version may have with 413 naming the limit, by the sizes a manifest declares", () => {
    const skill = { path: "SKILL.md", content_base64: b64("# x"), executable: false };
    const ref = (i: number, size: number) => ({ path: `f${i}`, sha256: "a".repeat(63) + (i % 10), size, executable: false });
    const many = [skill, ...Array.from({ length: 512 }, (_, i) => ({ ...ref(i, 1), sha256: i.toString(16).padStart(64, "0") }))];
    expect(() => prepareFolder(many, limits)).toThrow("The skill folder has 513 files; the limit is 512 files per version");
    expect(prepareFolder(many.slice(0, 512), limits).entries).toHaveLength(512);
    const big = [skill, ref(1, 9 * 1024 * 1024), ref(2, 8 * 1024 * 1024)];
    expect(() => prepareFolder(big, limits)).toThrow(`the limit of ${16 * 1024 * 1024} bytes of files per version`);
    expect(() => prepareFolder([skill, ref(1, 10 * 1024 * 1024 + 1)], limits)).toThrow(`the limit is ${10 * 1024 * 1024} bytes per file`);
  });
  it("reads SKILL.md's text only when it is sent inline", () => {
    const named = prepareFolder([{ path: "SKILL.md", sha256: "b".repeat(64), size: 3, executable: false }], limits);
    expect(named).toMatchObject({ content: null, skillMdSha256: "b".repeat(64), blobs: new Map(), referenced: new Map([["b".repeat(64), 3]]) });
  });
  it("fits every real fixture within the default limits and stores identical bytes once", () => {
    for (const name of readdirSync(FIXTURES)) {
      const files = folderFiles(join(FIXTURES, name));
      const folder = prepareFolder(files, limits);
      expect(folder.entries).toHaveLength(files.length);
      expect(folder.content).toBe(readFileSync(join(FIXTURES, name, "SKILL.md"), "utf8"));
      expect(folder.blobs.size).toBeLessThanOrEqual(files.length);
    }
  });
  it("changes the digest when one byte or one executable bit changes", () => {
    const base = [{ path: "SKILL.md", content_base64: b64("# a"), executable: false }, { path: "run.sh", content_base64: b64("echo"), executable: true }];
    const d0 = prepareFolder(base, limits).digest;
    const d1 = prepareFolder([base[0]!, { ...base[1]!, executable: false }], limits).digest;
    const d2 = prepareFolder([base[0]!, { ...base[1]!, content_base64: b64("echO") }], limits).digest;
    expect(new Set([d0, d1, d2]).size).toBe(3);
  });
});

describe("version limits from the environment", () => {
  const names = ["SKILLS_MAX_VERSION_FILES", "SKILLS_MAX_FILE_BYTES", "SKILLS_MAX_VERSION_BYTES"] as const;
  afterEach(() => {
    for (const name of names) delete process.env[name];
  });
  it("default to 512 files, 10 MiB per file and 16 MiB per version", () => {
    expect(sizeLimits()).toEqual({ maxFiles: 512, maxFileBytes: 10 * 1024 * 1024, maxVersionBytes: 16 * 1024 * 1024 });
  });
  it("may be lowered, never raised", () => {
    Object.assign(process.env, { SKILLS_MAX_VERSION_FILES: "100", SKILLS_MAX_FILE_BYTES: "1000", SKILLS_MAX_VERSION_BYTES: String(64 * 1024 * 1024) });
    expect(sizeLimits()).toEqual({ maxFiles: 100, maxFileBytes: 1000, maxVersionBytes: 16 * 1024 * 1024 });
  });
});
