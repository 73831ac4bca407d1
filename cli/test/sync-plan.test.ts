import { describe, expect, it } from "vitest";
import { folderDigest, sha256Hex } from "../src/lib/skill/digest.ts";
import { generateIndex } from "../src/lib/project/index-file.ts";
import { lockedSkillOf, type Lockfile } from "../src/lib/lockfile/lockfile.ts";
import { META_SKILL } from "../src/lib/project/meta-skill.ts";
import type { ProjectConfig } from "../src/lib/project/config.ts";
import { metaKey } from "../src/lib/sync/meta.ts";
import { conflictMessage, planSync, type FolderState, type PlanInput, type SkillAction } from "../src/lib/sync/plan.ts";
import type { ResolvedSkill } from "../../supabase/functions/_shared/wire/sync.ts";


function skill(slug: string, version: string, files: Record<string, string>): ResolvedSkill {
  const entries = Object.entries(files).map(([path, text]) => ({ path, sha256: sha256Hex(text), size: text.length, executable: path.endsWith(".sh") }));
  const sha256 = entries.find((e) => e.path === "SKILL.md")!.sha256;
  return { registry: "kove-inc", slug, name: slug, description: `About ${slug}`, tags: ["t"], compat: [], version, sha256, digest: folderDigest(entries), files: entries };
}

function folder(resolved: ResolvedSkill): FolderState {
  return { digest: resolved.digest, files: resolved.files };
}

const config: ProjectConfig = {
  sources: [{ name: "org", registry: "kove-inc" }],
  install_path: ".skills",
  targets: [],
  link: false,
  skills: [
    { slug: "alpha", source: "org" },
    { slug: "beta", source: "org", version: "^1.0.0" },
  ],
};
const alpha1 = skill("alpha", "1.0.0", { "SKILL.md": "alpha one" });
const beta1 = skill("beta", "1.0.0", { "SKILL.md": "beta one", "run.sh": "echo" });
const beta2 = skill("beta", "1.1.0", { "SKILL.md": "beta two", "run.sh": "echo" });

function lockOf(...skills: ResolvedSkill[]): Lockfile {
  const constraint = (slug: string) => config.skills.find((s) => s.slug === slug)?.version;
  return { lockfile_version: 1, locked_at: "2026-01-01T00:00:00Z", skills: skills.map((s) => lockedSkillOf(s, "org", constraint(s.slug))) };
}

/** The input of a project synced at alpha 1.0.0 and beta 1.0.0, with every generated file current. */
function warm(overrides: Partial<PlanInput> = {}): PlanInput {
  const resolved = new Map([["alpha", alpha1], ["beta", beta1]]);
  return {
    config,
    lock: lockOf(alpha1, beta1),
    local: new Map([["alpha", folder(alpha1)], ["beta", folder(beta1)]]),
    recorded: new Map([["alpha", alpha1.digest], ["beta", beta1.digest]]),
    resolved,
    failed: new Map(),
    meta: new Map([["alpha", metaKey(alpha1)], ["beta", metaKey(beta1)]]),
    force: false,
    metaSkill: META_SKILL,
    current: { index: generateIndex(META_SKILL.description, [alpha1, beta1]), metaSkill: META_SKILL.text, gitignore: "node_modules/\n.skills/\n" },
    now: new Date("2026-03-01T10:00:00.123Z"),
    ...overrides,
  };
}

const kinds = (actions: SkillAction[]) => Object.fromEntries(actions.map((a) => [a.slug, a.kind]));

describe("sync plan", () => {
  it("a warm sync plan writes nothing", () => {
    const plan = planSync(warm());
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "unchanged" });
    expect(plan).toMatchObject({ lock: null, index: null, metaSkill: false, gitignore: null });
  });

  it("a first sync installs everything and writes every generated file", () => {
    const plan = planSync(warm({ lock: null, local: new Map(), current: { index: null, metaSkill: null, gitignore: null } }));
    expect(kinds(plan.actions)).toEqual({ alpha: "install", beta: "install" });
    expect(plan.lock).toEqual({ ...lockOf(alpha1, beta1), locked_at: "2026-03-01T10:00:00Z" });
    expect(plan.index).toBe(generateIndex(META_SKILL.description, [alpha1, beta1]));
    expect(plan.metaSkill).toBe(true);
    expect(plan.gitignore).toBe(".skills/\n");
  });

  it("installs a newer version the constraint allows and records it in the lock", () => {
    const plan = planSync(warm({ resolved: new Map([["alpha", alpha1], ["beta", beta2]]) }));
    expect(plan.actions.find((a) => a.slug === "beta")).toMatchObject({ kind: "install", previousVersion: "1.0.0" });
    expect(plan.lock?.skills.find((s) => s.slug === "beta")?.version).toBe("1.1.0");
    expect(plan.index).toContain("- **Version:** 1.1.0");
  });

  it("reinstalls a deleted folder without rewriting an unchanged lock", () => {
    const plan = planSync(warm({ local: new Map([["alpha", folder(alpha1)]]) }));
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "install" });
    expect(plan.lock).toBeNull();
  });

  it("refuses a locally modified folder, naming modified, added and removed files", () => {
    const edited = skill("beta", "1.0.0", { "SKILL.md": "beta EDITED", "notes.md": "mine" });
    const plan = planSync(warm({ local: new Map([["alpha", folder(alpha1)], ["beta", folder(edited)]]), resolved: new Map([["alpha", alpha1], ["beta", beta2]]) }));
    const conflict = plan.actions.find((a) => a.slug === "beta");
    expect(conflict).toEqual({ kind: "conflict", slug: "beta", reference: "kove-inc v1.0.0", changes: { modified: ["SKILL.md"], added: ["notes.md"], removed: ["run.sh"] } });
    expect(conflictMessage([conflict as Extract<SkillAction, { kind: "conflict" }>])).toContain(
      "beta (differs from kove-inc v1.0.0): modified SKILL.md, added notes.md, removed run.sh",
    );
  });

  it("keeps a locally modified folder when the server has nothing new for it, writing nothing", () => {
    const edited = skill("beta", "1.0.0", { "SKILL.md": "beta EDITED", "run.sh": "echo" });
    const plan = planSync(warm({ local: new Map([["alpha", folder(alpha1)], ["beta", folder(edited)]]) }));
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "kept" });
    expect(plan).toMatchObject({ lock: null, index: null, metaSkill: false });
  });

  it("replaces a folder holding what it last wrote when the lock says otherwise (a checkout switched the lockfile)", () => {
    // This CLI wrote beta 1.1.0 there; the lockfile now pins 1.0.0 and the server resolves 1.0.0.
    const plan = planSync(warm({ local: new Map([["alpha", folder(alpha1)], ["beta", folder(beta2)]]), recorded: new Map([["alpha", alpha1.digest], ["beta", beta2.digest]]) }));
    expect(plan.actions.find((a) => a.slug === "beta")).toMatchObject({ kind: "install", previousVersion: "1.0.0" });
  });

  it("refuses a modified folder it has no record of when the lock does not vouch for it either", () => {
    const edited = skill("beta", "1.0.0", { "SKILL.md": "beta EDITED", "run.sh": "echo" });
    const plan = planSync(warm({ local: new Map([["alpha", folder(alpha1)], ["beta", folder(edited)]]), recorded: new Map(), resolved: new Map([["alpha", alpha1], ["beta", beta2]]) }));
    expect(kinds(plan.actions).beta).toBe("conflict");
  });

  it("with --force, overwrites the local changes", () => {
    const edited = skill("beta", "1.0.0", { "SKILL.md": "beta EDITED" });
    const plan = planSync(warm({ force: true, local: new Map([["alpha", folder(alpha1)], ["beta", folder(edited)]]) }));
    expect(kinds(plan.actions).beta).toBe("install");
  });

  it("keeps a folder whose local edits equal the resolved version", () => {
    const plan = planSync(warm({ local: new Map([["alpha", folder(alpha1)], ["beta", folder(beta2)]]), resolved: new Map([["alpha", alpha1], ["beta", beta2]]) }));
    expect(kinds(plan.actions).beta).toBe("unchanged");
    expect(plan.lock?.skills.find((s) => s.slug === "beta")?.version).toBe("1.1.0");
  });

  it("does not overwrite a folder it did not install", () => {
    const stranger = skill("beta", "0.0.1", { "SKILL.md": "someone else's" });
    const plan = planSync(warm({ lock: lockOf(alpha1), local: new Map([["alpha", folder(alpha1)], ["beta", folder(stranger)]]), recorded: new Map([["alpha", alpha1.digest]]) }));
    expect(plan.actions.find((a) => a.slug === "beta")).toMatchObject({ kind: "conflict", reference: "kove-inc v1.0.0" });
  });

  it("removes a skill no longer declared, and drops it from the lock and index", () => {
    const plan = planSync(warm({ config: { ...config, skills: [config.skills[0]!] }, resolved: new Map([["alpha", alpha1]]) }));
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "remove" });
    expect(plan.lock?.skills.map((s) => s.slug)).toEqual(["alpha"]);
    expect(plan.index).not.toContain("## beta");
  });

  it("refuses to remove an undeclared skill with local changes unless forced", () => {
    const edited = skill("beta", "1.0.0", { "SKILL.md": "beta EDITED", "run.sh": "echo" });
    const input = warm({
      config: { ...config, skills: [config.skills[0]!] },
      resolved: new Map([["alpha", alpha1]]),
      local: new Map([["alpha", folder(alpha1)], ["beta", folder(edited)]]),
    });
    expect(kinds(planSync(input).actions).beta).toBe("conflict");
    expect(kinds(planSync({ ...input, force: true }).actions).beta).toBe("remove");
  });

  it("rewrites the lock when only a constraint changes, with nothing to install", () => {
    const plan = planSync(warm({ config: { ...config, skills: [config.skills[0]!, { slug: "beta", source: "org", version: "~1.0.0" }] } }));
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "unchanged" });
    expect(plan.lock?.skills.find((s) => s.slug === "beta")?.constraint).toBe("~1.0.0");
    expect(plan.index).toBeNull();
  });

  it("rewrites only what differs: a stale meta-skill, a missing .gitignore entry", () => {
    const plan = planSync(warm({ current: { index: generateIndex(META_SKILL.description, [alpha1, beta1]), metaSkill: "old", gitignore: "node_modules/" } }));
    expect(plan).toMatchObject({ lock: null, index: null, metaSkill: true, gitignore: "node_modules/\n.skills/\n" });
  });

  it("leaves a skill that did not resolve as installed: its lock entry and index section stay", () => {
    const plan = planSync(warm({ resolved: new Map([["alpha", alpha2()]]), failed: new Map([["beta", "beta: not found in kove-inc"]]) }));
    expect(kinds(plan.actions)).toEqual({ alpha: "install", beta: "failed" });
    expect(plan.lock?.skills.find((s) => s.slug === "beta")).toEqual(lockOf(beta1).skills[0]);
    expect(plan.index).toBe(generateIndex(META_SKILL.description, [alpha2(), beta1]));
    expect(plan.metaWrites).toEqual([]);
  });

  it("a skill that did not resolve and was never installed is in neither the lock nor the index", () => {
    const plan = planSync(warm({ lock: lockOf(alpha1), local: new Map([["alpha", folder(alpha1)]]), resolved: new Map([["alpha", alpha1]]), failed: new Map([["beta", "beta: not found"]]) }));
    // The lock on disk, which holds alpha alone, stays as it is.
    expect(plan.lock).toBeNull();
    expect(plan.index).toBe(generateIndex(META_SKILL.description, [alpha1]));
  });

  it("rewrites the meta.yaml of an unchanged folder when it is missing or describes other metadata", () => {
    const retagged = { ...beta1, tags: ["new"] };
    const plan = planSync(warm({ resolved: new Map([["alpha", alpha1], ["beta", retagged]]), meta: new Map([["beta", metaKey(beta1)]]) }));
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "unchanged" });
    expect(plan.metaWrites.map((s) => s.slug)).toEqual(["alpha", "beta"]);
  });

  it("rewrites a lockfile read from an older format even when nothing else changed", () => {
    const plan = planSync(warm({ lock: { ...lockOf(alpha1, beta1), upgrade: "spec" } }));
    expect(kinds(plan.actions)).toEqual({ alpha: "unchanged", beta: "unchanged" });
    expect(plan.lock).toEqual({ ...lockOf(alpha1, beta1), locked_at: "2026-03-01T10:00:00Z" });
  });
});

function alpha2(): ResolvedSkill {
  return skill("alpha", "1.1.0", { "SKILL.md": "alpha two" });
}
