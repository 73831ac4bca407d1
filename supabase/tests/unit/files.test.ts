import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFolder, unsafePathReason } from "../../functions/api/lib/files.ts";
import { ApiError } from "../../functions/_shared/errors.ts";
import { FIXTURES_DIR as FIXTURES, folderFiles } from "../support/api.ts";

const limits = { maxFileBytes: 10 * 1024 * 1024, maxVersionBytes: 50 * 1024 * 1024 };
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
    expect(codeOf(() => prepareFolder(files, { maxFileBytes: 5, maxVersionBytes: 100 }))).toBe("PAYLOAD_TOO_LARGE");
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
