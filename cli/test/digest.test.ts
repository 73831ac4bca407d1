import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { folderDigest, sha256Hex } from "../src/lib/skill/digest.ts";

const a = sha256Hex("a");
const b = sha256Hex("b");

describe("folder digest", () => {
  it("hashes the sorted manifest lines", () => {
    const lines = `100644 ${b} SKILL.md\n100755 ${a} scripts/x.sh\n`;
    const expected = `sha256:${createHash("sha256").update(lines).digest("hex")}`;
    expect(
      folderDigest([
        { path: "scripts/x.sh", sha256: a, executable: true },
        { path: "SKILL.md", sha256: b, executable: false },
      ]),
    ).toBe(expected);
  });

  it("changes with any byte, path or executable bit", () => {
    const base = [{ path: "SKILL.md", sha256: a, executable: false }];
    const digest = folderDigest(base);
    expect(folderDigest([{ ...base[0]!, sha256: b }])).not.toBe(digest);
    expect(folderDigest([{ ...base[0]!, path: "skill.md" }])).not.toBe(digest);
    expect(folderDigest([{ ...base[0]!, executable: true }])).not.toBe(digest);
  });
});
