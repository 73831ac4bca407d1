import { describe, expect, it } from "vitest";
import { folderDigest, sha256Hex } from "../src/lib/skill/digest.ts";
import { folderDrift, lockDrift } from "../src/lib/sync/frozen.ts";
import { lockedSkillOf, type Lockfile } from "../src/lib/lockfile/lockfile.ts";
import { parseProjectConfig } from "../src/lib/project/config-text.ts";

const files = [{ path: "SKILL.md", sha256: sha256Hex("a"), executable: false }];
const digest = folderDigest(files);
const config = parseProjectConfig(
  "sources:\n  - {name: org, registry: kove-inc}\nskills:\n  - {slug: alpha, source: org, version: '^1.0.0'}\n  - {slug: beta, source: org}\n",
);
const lock: Lockfile = {
  lockfile_version: 1,
  locked_at: "2026-01-01T00:00:00Z",
  skills: [
    lockedSkillOf({ registry: "kove-inc", slug: "alpha", version: "1.2.0", digest, files }, "org", "^1.0.0"),
    lockedSkillOf({ registry: "kove-inc", slug: "beta", version: "2.0.0", digest, files }, "org", undefined),
  ],
};

describe("CI checks", () => {
  it("a lock that matches the config has no drift", () => {
    expect(lockDrift(config, lock)).toEqual([]);
  });

  it("names a missing lock, an undeclared entry, a missing one, a changed constraint and a source change", () => {
    expect(lockDrift(config, null)[0]).toContain(".skills.lock is missing");
    const other = parseProjectConfig(
      "sources:\n  - {name: org, registry: kove-inc}\n  - {name: me, registry: jake}\nskills:\n  - {slug: alpha, source: org, version: '^2.0.0'}\n  - {slug: gamma, source: org}\n  - {slug: beta, source: me}\n",
    );
    expect(lockDrift(other, lock)).toEqual([
      'alpha: constraint "^2.0.0" in .skills.yaml, "^1.0.0" in .skills.lock',
      "gamma: declared in .skills.yaml but not in .skills.lock",
      "beta: .skills.yaml takes it from me (jake), .skills.lock from org (kove-inc)",
    ]);
    const fewer = parseProjectConfig("sources:\n  - {name: org, registry: kove-inc}\nskills:\n  - {slug: alpha, source: org, version: '^1.0.0'}\n");
    expect(lockDrift(fewer, lock)).toEqual(["beta: in .skills.lock but no longer declared in .skills.yaml"]);
  });

  it("names each local file that differs from its locked digest; a missing folder only for verify", () => {
    const edited = [{ path: "SKILL.md", sha256: sha256Hex("b"), executable: false }, { path: "extra.md", sha256: sha256Hex("c"), executable: false }];
    const local = new Map([["alpha", { digest: folderDigest(edited), files: edited }]]);
    expect(folderDrift(lock, local, ".skills", false)).toEqual([
      ".skills/alpha/SKILL.md: differs from its locked digest",
      ".skills/alpha/extra.md: not in the locked version",
    ]);
    expect(folderDrift(lock, local, ".skills", true)).toContain(".skills/beta: missing (run `skills sync --frozen`)");
  });

  it("with a spec-format lock, compares SKILL.md alone and no constraint", () => {
    const spec: Lockfile = { ...lock, upgrade: "spec" };
    const full = [...files, { path: "notes.md", sha256: sha256Hex("n"), executable: false }];
    const local = new Map([["alpha", { digest: folderDigest(full), files: full }]]);
    expect(folderDrift(spec, local, ".skills", false)).toEqual([]);
    const edited = [{ ...files[0]!, sha256: sha256Hex("b") }];
    expect(folderDrift(spec, new Map([["alpha", { digest: folderDigest(edited), files: edited }]]), ".skills", false)).toEqual([
      ".skills/alpha/SKILL.md: differs from its locked sha256",
    ]);
    const noConstraint = { ...spec, skills: spec.skills.map(({ constraint: _c, ...s }) => s) };
    expect(lockDrift(config, noConstraint)).toEqual([]);
  });
});
