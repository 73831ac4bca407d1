import { describe, expect, it } from "vitest";
import { lockedSkillOf, lockedSkillsEqual, type Lockfile } from "../src/lib/lockfile.ts";
import { parseLockfile, serializeLockfile } from "../src/lib/lockfile-text.ts";
import { folderDigest } from "../src/lib/digest.ts";

const a = "a".repeat(64);
const b = "b".repeat(64);
const files = [
  { path: "scripts/run.sh", sha256: b, size: 3, executable: true },
  { path: "SKILL.md", sha256: a, size: 10, executable: false },
];
const resolved = {
  registry: "kove-inc",
  slug: "zod-v4",
  name: "zod-v4",
  description: "Zod",
  tags: [],
  compat: [],
  version: "2.1.0",
  digest: folderDigest(files),
  files,
};

describe(".skills.lock", () => {
  it("round-trips through its YAML form, sorted by slug", () => {
    const lock: Lockfile = {
      lockfile_version: 1,
      locked_at: "2026-02-02T12:00:00Z",
      skills: [lockedSkillOf(resolved, "org", ">=2.0.0"), lockedSkillOf({ ...resolved, slug: "alpha" }, "org", undefined)],
    };
    const text = serializeLockfile(lock);
    expect(text.startsWith("# .skills.lock")).toBe(true);
    expect(text.indexOf("slug: alpha")).toBeLessThan(text.indexOf("slug: zod-v4"));
    const parsed = parseLockfile(text);
    expect(lockedSkillsEqual(parsed.skills, lock.skills)).toBe(true);
    expect(parsed.skills.find((s) => s.slug === "zod-v4")).toEqual({
      slug: "zod-v4",
      registry: "kove-inc",
      source: "org",
      version: "2.1.0",
      constraint: ">=2.0.0",
      digest: resolved.digest,
      files: { "SKILL.md": a, "scripts/run.sh": b },
      executable: ["scripts/run.sh"],
    });
  });

  it("compares entries regardless of order", () => {
    const one = lockedSkillOf(resolved, "org", undefined);
    const two = lockedSkillOf({ ...resolved, slug: "alpha" }, "org", undefined);
    expect(lockedSkillsEqual([one, two], [two, one])).toBe(true);
    expect(lockedSkillsEqual([one], [{ ...one, version: "2.1.1" }])).toBe(false);
    expect(lockedSkillsEqual([one], [{ ...one, constraint: "^2.0.0" }])).toBe(false);
  });

  it("serializes equal content to identical text", () => {
    const lock = { lockfile_version: 1 as const, locked_at: "2026-02-02T12:00:00Z", skills: [lockedSkillOf(resolved, "org", undefined)] };
    expect(serializeLockfile(parseLockfile(serializeLockfile(lock)))).toBe(serializeLockfile(lock));
  });

  it("rejects an unknown lockfile version and broken files with a way out", () => {
    expect(() => parseLockfile("lockfile_version: 2\nlocked_at: x\nskills: []\n")).toThrow(/unsupported lockfile_version/);
    expect(() => parseLockfile("lockfile_version: 1\nlocked_at: x\nskills:\n  - slug: 3\n")).toThrow(/run `skills sync` to rebuild it/);
    expect(() => parseLockfile("skills: [\n")).toThrow(/not valid YAML/);
  });
});
