import { describe, expect, it } from "vitest";
import { lockHolds, lockedSkillOf, lockedSkillsEqual, type Lockfile } from "../src/lib/lockfile/lockfile.ts";
import { parseLockfile, serializeLockfile } from "../src/lib/lockfile/text.ts";
import { folderDigest } from "../src/lib/skill/digest.ts";

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
      sha256: a,
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
    expect(lockedSkillsEqual([one, one], [one, two])).toBe(false);
    expect(lockedSkillsEqual([one], [one, two])).toBe(false);
  });

  it("compares files and executable paths as sets, and notices any difference in them", () => {
    const one = lockedSkillOf(resolved, "org", undefined);
    const reordered = { ...one, files: Object.fromEntries(Object.entries(one.files).reverse()), executable: [...one.executable].reverse() };
    expect(lockedSkillsEqual([one], [reordered])).toBe(true);
    expect(lockedSkillsEqual([one], [{ ...one, files: { ...one.files, "SKILL.md": b } }])).toBe(false);
    expect(lockedSkillsEqual([one], [{ ...one, files: { ...one.files, "extra.md": a } }])).toBe(false);
    expect(lockedSkillsEqual([{ ...one, files: { ...one.files, "extra.md": a } }], [one])).toBe(false);
    expect(lockedSkillsEqual([one], [{ ...one, executable: [] }])).toBe(false);
    expect(lockedSkillsEqual([one], [{ ...one, executable: ["SKILL.md"] }])).toBe(false);
  });

  it("knows when an entry already records a resolution, so it is kept as it is", () => {
    const entry = lockedSkillOf(resolved, "org", ">=2.0.0");
    expect(lockHolds(entry, { ...resolved, files: [...files].reverse() }, "org", ">=2.0.0")).toBe(true);
    expect(lockHolds(entry, resolved, "org", undefined)).toBe(false);
    expect(lockHolds(entry, resolved, "other", ">=2.0.0")).toBe(false);
    expect(lockHolds(entry, { ...resolved, version: "2.1.1" }, "org", ">=2.0.0")).toBe(false);
    expect(lockHolds(entry, { ...resolved, files: files.map((f) => ({ ...f, executable: !f.executable })) }, "org", ">=2.0.0")).toBe(false);
    expect(lockHolds(entry, { ...resolved, files: files.map((f) => ({ ...f, sha256: a })) }, "org", ">=2.0.0")).toBe(false);
    expect(lockHolds(entry, { ...resolved, files: files.slice(1) }, "org", ">=2.0.0")).toBe(false);
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

  it("names the missing field or the bad file hash of a broken entry", () => {
    expect(() => parseLockfile("lockfile_version: 1\nskills: []\n")).toThrow(".skills.lock: locked_at: missing (required). Delete it");
    const entry = serializeLockfile({ lockfile_version: 1, locked_at: "2026-02-02T12:00:00Z", skills: [lockedSkillOf(resolved, "org", undefined)] });
    expect(() => parseLockfile(entry.replace(`SKILL.md: ${a}`, "SKILL.md: ABC"))).toThrow(
      ".skills.lock: skills.0.files.SKILL.md: sha256 must be 64 lowercase hex digits. Delete it",
    );
  });

  it("keeps files whose names are also Object property names", () => {
    const odd = [...files, ...["constructor", "prototype", "__proto__", "toString"].map((path) => ({ path, sha256: b, size: 1, executable: false }))];
    const lock = { lockfile_version: 1 as const, locked_at: "2026-02-02T12:00:00Z", skills: [lockedSkillOf({ ...resolved, files: odd }, "org", undefined)] };
    const parsed = parseLockfile(serializeLockfile(lock));
    expect(Object.keys(parsed.skills[0]!.files).sort()).toEqual(odd.map((f) => f.path).sort());
    expect(lockedSkillsEqual(parsed.skills, lock.skills)).toBe(true);
  });

  it("writes the spec's per-skill sha256 of SKILL.md beside our fields", () => {
    const text = serializeLockfile({ lockfile_version: 1, locked_at: "2026-02-02T12:00:00Z", skills: [lockedSkillOf(resolved, "org", undefined)] });
    expect(text).toContain(`    version: 2.1.0\n    sha256: ${a}\n    digest: `);
    expect(parseLockfile(text).upgrade).toBeUndefined();
  });

  it("reads a lock of ours without the sha256 fields and marks it for the next sync to rewrite", () => {
    const text = serializeLockfile({ lockfile_version: 1, locked_at: "2026-02-02T12:00:00Z", skills: [lockedSkillOf(resolved, "org", undefined)] });
    const parsed = parseLockfile(text.replace(`    sha256: ${a}\n`, ""));
    expect(parsed.upgrade).toBe("sha256");
    expect(parsed.skills[0]!.sha256).toBe(a);
  });

  it("reads a lock in the spec's format as the lock of single-file SKILL.md folders, marked for upgrade", () => {
    const spec = [
      "# .skills.lock — auto-generated, commit to repo",
      'locked_at: "2026-02-02T12:00:00Z"',
      "skills:",
      "  - slug: supabase-edge",
      "    registry: kove-inc",
      '    version: "1.3.0"',
      `    sha256: "${a}"`,
      "",
    ].join("\n");
    const parsed = parseLockfile(spec, ".skills.lock", (registry, slug) => `${registry}:${slug}`);
    expect(parsed.upgrade).toBe("spec");
    expect(parsed.skills).toEqual([
      {
        slug: "supabase-edge",
        registry: "kove-inc",
        source: "kove-inc:supabase-edge",
        version: "1.3.0",
        sha256: a,
        digest: folderDigest([{ path: "SKILL.md", sha256: a, executable: false }]),
        files: { "SKILL.md": a },
        executable: [],
      },
    ]);
    // Written back, it is ours: a version-1 lock with the spec's fields in each entry.
    const upgraded = parseLockfile(serializeLockfile(parsed));
    expect(upgraded.upgrade).toBeUndefined();
    expect(upgraded.skills).toEqual(parsed.skills);
    expect(() => parseLockfile("skills:\n  - slug: x\n    registry: r\n    version: 1.0.0\n")).toThrow(".skills.lock: skills.0.sha256: missing (required).");
  });
});
