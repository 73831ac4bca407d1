/**
 * What `skills sync` does for a repository the platform's spec describes,
 * through the built CLI against the local platform: the `meta.yaml` beside
 * each installed SKILL.md (and that nothing else counts it as part of the
 * skill), a sync that syncs what resolves and names what did not, a
 * `.skills.lock` in the spec's format read and upgraded, the editor `edit`
 * falls back to, and the created date `info` shows.
 */
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { call, signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createSkill, localPlatform, publishVersion } from "./platform.ts";
import { skills } from "./run-cli.ts";
import { snapshot } from "./tree.ts";

const skillMd = (slug: string, body: string) => `---\nname: ${slug}\ndescription: About ${slug}.\n---\n\n# ${slug}\n\n${body}\n`;
const upload = (text: string, path = "SKILL.md", executable = false) => ({ path, content_base64: Buffer.from(text).toString("base64"), executable });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("sync as the platform's spec describes it", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-spec-sync-"));
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  const repo = join(home, "repo");
  let me: TestUser;
  const run = (...args: string[]) => skills(repo, env, ...args);
  const read = (path: string) => readFileSync(join(repo, path), "utf8");
  const meta = (slug: string) => parseYaml(read(`.skills/${slug}/meta.yaml`));

  beforeAll(async () => {
    mkdirSync(join(repo, ".claude"), { recursive: true });
    me = await signUp(apiUrl, "spec");
    await createSkill(apiUrl, me, me.username, { slug: "alpha-skill", version: "1.0.0", tags: ["backend"], files: [upload(skillMd("alpha-skill", "One."))] });
    await createSkill(apiUrl, me, me.username, { slug: "beta-skill", version: "1.0.0", files: [upload(skillMd("beta-skill", "Two.")), upload("notes\n", "notes.md")] });
    expect((await skills(home, env, "login", "--email", me.email, "--password", me.password)).code).toBe(0);
    expect((await run("init", "--registry", me.username, "--targets", "claude", "--yes")).code).toBe(0);
    const add = await run("add", "alpha-skill", "beta-skill");
    expect(add.code, add.stderr).toBe(0);
  });

  it("writes meta.yaml into each installed folder with the version's registry, version, tags, compat, SKILL.md hash and digest", async () => {
    const lock = parseYaml(read(".skills.lock"));
    const alpha = lock.skills.find((s: { slug: string }) => s.slug === "alpha-skill");
    expect(meta("alpha-skill")).toEqual({
      registry: me.username,
      version: "1.0.0",
      tags: ["backend"],
      compat: [],
      sha256: sha256(skillMd("alpha-skill", "One.")),
      digest: alpha.digest,
    });
    expect(read(".skills/alpha-skill/meta.yaml")).toMatch(/^# meta.yaml — written by `skills sync`/);
    // The spec's lock fields are in ours: each entry's sha256 is SKILL.md's.
    expect(alpha.sha256).toBe(sha256(skillMd("alpha-skill", "One.")));
    // It describes the install folder; the agent directory's copy holds the skill's files only.
    expect(existsSync(join(repo, ".claude/skills/alpha-skill/SKILL.md"))).toBe(true);
    expect(existsSync(join(repo, ".claude/skills/alpha-skill/meta.yaml"))).toBe(false);
  });

  it("verify, diff, edit detection and push leave meta.yaml out", async () => {
    const verify = await run("verify");
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
    const diff = JSON.parse((await run("diff", "--json")).stdout);
    expect(diff.skills.every((s: { changed: boolean }) => !s.changed)).toBe(true);
    expect((await run("push")).stdout).toBe("No locally modified skills to push.\n");
    const push = await run("push", "alpha-skill");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain("Nothing to push:");
    expect(push.stdout).toContain("already has exactly these files.");
  });

  it("a warm sync writes nothing; a deleted, edited or stale meta.yaml is written again and nothing else is", async () => {
    const before = snapshot(repo);
    expect((await run("sync")).code).toBe(0);
    expect(snapshot(repo)).toEqual(before);

    rmSync(join(repo, ".skills/alpha-skill/meta.yaml"));
    writeFileSync(join(repo, ".skills/beta-skill/meta.yaml"), "registry: someone-else\n");
    const restore = await run("sync");
    expect(restore.code, restore.stderr).toBe(0);
    expect(meta("alpha-skill").version).toBe("1.0.0");
    expect(meta("beta-skill").registry).toBe(me.username);
    const after = snapshot(repo);
    for (const [path, file] of before) {
      if (!path.endsWith("meta.yaml") && path !== ".skills/.skills-state.json") expect(after.get(path), path).toEqual(file);
    }
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());

    // Tags change without a new version: the folder stays, its meta.yaml follows.
    const put = await call(apiUrl, "PUT", `/registries/${me.username}/skills/alpha-skill`, { token: me.token, body: { tags: ["backend", "edge"], compat: ["claude-code"] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const ino = statSync(join(repo, ".skills/alpha-skill/SKILL.md")).ino;
    expect((await run("sync")).code).toBe(0);
    expect(meta("alpha-skill")).toMatchObject({ tags: ["backend", "edge"], compat: ["claude-code"] });
    expect(statSync(join(repo, ".skills/alpha-skill/SKILL.md")).ino).toBe(ino);
  });

  it("a sync with one skill that does not resolve installs the rest, names it, keeps its lock entry and folder, and exits 1", async () => {
    await publishVersion(apiUrl, me, me.username, "alpha-skill", "1.1.0", [upload(skillMd("alpha-skill", "One, newer."))]);
    const config = read(".skills.yaml");
    const lockBefore = parseYaml(read(".skills.lock"));
    const betaFolder = snapshot(join(repo, ".skills/beta-skill"));
    writeFileSync(
      join(repo, ".skills.yaml"),
      config.replace(/(- slug: beta-skill\n(?: {4}.*\n)*)/, '$1    version: ">=9.0.0"\n') + `  - slug: ghost-skill\n    source: ${me.username}\n`,
    );
    const sync = await run("sync");
    expect(sync.code).toBe(1);
    expect(sync.stdout).toContain("updated alpha-skill 1.0.0 → 1.1.0");
    expect(sync.stdout).toContain("Synced 1 skill, 2 failed. 1 updated, 0 unchanged.");
    expect(sync.stderr).toContain(`warning: beta-skill: no version matches ">=9.0.0" in ${me.username}; v1.0.0 stays installed.`);
    expect(sync.stderr).toContain(`warning: ghost-skill: not found in ${me.username}; not installed.`);
    expect(sync.stderr).toContain("error: 2 skills could not be synced (beta-skill, ghost-skill); the others are installed.");
    expect(read(".skills/alpha-skill/SKILL.md")).toBe(skillMd("alpha-skill", "One, newer."));
    expect(meta("alpha-skill").version).toBe("1.1.0");
    const lock = parseYaml(read(".skills.lock"));
    expect(lock.skills.map((s: { slug: string }) => s.slug)).toEqual(["alpha-skill", "beta-skill"]);
    expect(lock.skills[1]).toEqual(lockBefore.skills[1]);
    expect(snapshot(join(repo, ".skills/beta-skill"))).toEqual(betaFolder);
    const index = read(".skills/SKILLS_INDEX.md");
    expect(index).toContain("## alpha-skill\n");
    expect(index).toContain("## beta-skill\n");
    expect(index).toContain("- **Version:** 1.0.0\n");
    expect(index).not.toContain("ghost-skill");

    // CI's frozen mode stays all-or-nothing.
    const frozenBefore = snapshot(repo);
    const frozen = await run("sync", "--frozen");
    expect(frozen.code).toBe(1);
    expect(snapshot(repo)).toEqual(frozenBefore);
    writeFileSync(join(repo, ".skills.yaml"), config);
    expect((await run("sync")).code).toBe(0);
  });

  it("add of a skill that does not exist, or whose constraint nothing matches, fails and declares nothing", async () => {
    const config = read(".skills.yaml");
    const before = snapshot(repo);
    const missing = await run("add", "nowhere-skill");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nowhere-skill");
    const unmatched = await run("add", "beta-skill", "--version", ">=9.0.0");
    expect(unmatched.code).toBe(1);
    expect(unmatched.stderr).toContain(`Cannot sync; nothing was changed:\n  beta-skill: no version matches ">=9.0.0" in ${me.username}`);
    expect(read(".skills.yaml")).toBe(config);
    expect(snapshot(repo)).toEqual(before);
  });

  it("reads a .skills.lock in the spec's format: frozen mode uses its versions and SKILL.md hashes, the next sync upgrades it", async () => {
    const spec = join(home, "spec-repo");
    mkdirSync(spec);
    const inSpec = (...args: string[]) => skills(spec, env, ...args);
    const declared = `  - slug: alpha-skill\n    source: ${me.username}\n  - slug: beta-skill\n    source: ${me.username}\n`;
    writeFileSync(join(spec, ".skills.yaml"), `sources:\n  - name: ${me.username}\n    registry: ${me.username}\ninstall_path: .skills\nskills:\n${declared}`);
    // What a client written from the spec leaves: SKILL.md and meta.yaml only, and the spec's lock.
    const lock = [
      "# .skills.lock — auto-generated, commit to repo",
      'locked_at: "2026-02-02T12:00:00Z"',
      "skills:",
      "  - slug: alpha-skill",
      `    registry: ${me.username}`,
      '    version: "1.0.0"',
      `    sha256: "${sha256(skillMd("alpha-skill", "One."))}"`,
      "  - slug: beta-skill",
      `    registry: ${me.username}`,
      '    version: "1.0.0"',
      `    sha256: "${sha256(skillMd("beta-skill", "Two."))}"`,
      "",
    ].join("\n");
    writeFileSync(join(spec, ".skills.lock"), lock);
    mkdirSync(join(spec, ".skills/alpha-skill"), { recursive: true });
    writeFileSync(join(spec, ".skills/alpha-skill/SKILL.md"), skillMd("alpha-skill", "One."));
    writeFileSync(join(spec, ".skills/alpha-skill/meta.yaml"), `version: 1.0.0\nregistry: ${me.username}\n`);

    const frozen = await inSpec("sync", "--frozen");
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(readFileSync(join(spec, ".skills/alpha-skill/SKILL.md"), "utf8")).toBe(skillMd("alpha-skill", "One."));
    expect(readFileSync(join(spec, ".skills/beta-skill/notes.md"), "utf8")).toBe("notes\n");
    expect(readFileSync(join(spec, ".skills.lock"), "utf8")).toBe(lock);
    expect((await inSpec("verify")).code).toBe(0);

    const sync = await inSpec("sync");
    expect(sync.code, sync.stderr).toBe(0);
    const upgraded = parseYaml(readFileSync(join(spec, ".skills.lock"), "utf8"));
    expect(upgraded.lockfile_version).toBe(1);
    const alpha = upgraded.skills.find((s: { slug: string }) => s.slug === "alpha-skill");
    expect(alpha).toMatchObject({ registry: me.username, source: me.username, version: "1.1.0", sha256: sha256(skillMd("alpha-skill", "One, newer.")) });
    expect(alpha.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parseYaml(readFileSync(join(spec, ".skills/alpha-skill/meta.yaml"), "utf8")).version).toBe("1.1.0");
    expect((await inSpec("sync", "--frozen")).code).toBe(0);
  });

  it("edit starts the configured editor, else $EDITOR, else $VISUAL, else vim: the first that starts", async () => {
    const bin = join(home, "bin");
    mkdirSync(bin);
    const editor = (name: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\necho "by ${name}" >> "$1"\n`);
      chmodSync(join(bin, name), 0o755);
    };
    editor("visual-editor");
    editor("vim");
    const file = join(repo, ".skills/beta-skill/SKILL.md");
    const path = `${bin}:/usr/bin:/bin`;
    expect((await run("config", "editor", "no-such-editor-here")).code).toBe(0);
    const visual = await skills(repo, { ...env, PATH: path, EDITOR: "missing-editor-too", VISUAL: "visual-editor" }, "edit", "beta-skill");
    expect(visual.code, visual.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/by visual-editor\n$/);
    const vim = await skills(repo, { ...env, PATH: path, EDITOR: "", VISUAL: "" }, "edit", "beta-skill");
    expect(vim.code, vim.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/by vim\n$/);
    // A PATH with a shell and no editor at all.
    const shellOnly = join(home, "shell-only");
    mkdirSync(shellOnly);
    symlinkSync("/bin/sh", join(shellOnly, "sh"));
    const none = await skills(repo, { ...env, PATH: shellOnly, EDITOR: "", VISUAL: "" }, "edit", "beta-skill");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No editor could be started (tried no-such-editor-here, vim); nothing was marked.");
  });

  it("info shows the created date", async () => {
    const info = await run("info", "alpha-skill");
    expect(info.code, info.stderr).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(info.stdout).toMatch(new RegExp(`Created +${today}\n`));
    expect(JSON.parse((await run("info", "alpha-skill", "--json")).stdout).created_at.slice(0, 10)).toBe(today);
  });
});
