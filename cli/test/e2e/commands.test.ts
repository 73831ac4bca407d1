/**
 * The CLI's commands through the built CLI against the local platform:
 * agent directories, CI mode (verify, sync --frozen, SKILLS_TOKEN), update,
 * info, diff, edit, validate, bundle, config, push without a slug and from
 * stdin, JSON output, security refusals and friendly errors.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createOrganization, createSkill, localPlatform, publishVersion } from "./platform.ts";
import { skills, skillsWithInput } from "./run-cli.ts";
import { contents, snapshot } from "./tree.ts";

const skillMd = (slug: string, body: string, front = "") => `---\nname: ${slug}\ndescription: About ${slug}.\n${front}---\n\n# ${slug}\n\n${body}\n`;
const upload = (text: string, path = "SKILL.md", executable = false) => ({ path, content_base64: Buffer.from(text).toString("base64"), executable });

describe("the complete CLI against the local platform", () => {
  const { apiUrl, dbUrl } = localPlatform();
  const org = `org-${Date.now().toString(36)}`;
  const home = mkdtempSync(join(tmpdir(), "skills-cmd-"));
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  const repo = join(home, "repo");
  let me: TestUser;
  let other: TestUser;
  const run = (...args: string[]) => skills(repo, env, ...args);

  beforeAll(async () => {
    mkdirSync(repo);
    me = await signUp(apiUrl, "cmd");
    other = await signUp(apiUrl, "other");
    await createSkill(apiUrl, me, me.username, { slug: "alpha-skill", version: "1.0.0", files: [upload(skillMd("alpha-skill", "One."))] });
    await createSkill(apiUrl, me, me.username, { slug: "beta-skill", version: "1.0.0", files: [upload(skillMd("beta-skill", "Two.")), upload("#!/bin/sh\necho hi\n", "run.sh", true)] });
    // The same slug in a second registry makes a bare `add shared-skill` ambiguous.
    await createSkill(apiUrl, me, me.username, { slug: "shared-skill", files: [upload(skillMd("shared-skill", "Mine."))] });
    await createOrganization(dbUrl, org, other, [{ user: me, role: "member" }]);
    await createSkill(apiUrl, other, org, { slug: "shared-skill", files: [upload(skillMd("shared-skill", "Theirs."))] });
    const login = await skills(home, env, "login", "--email", me.email, "--password", me.password);
    expect(login.code, login.stderr).toBe(0);
    mkdirSync(join(repo, ".claude"));
  });

  it("a reader that closes the pipe early (skills --help | head) ends it quietly", async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL("../../dist/index.js", import.meta.url)), "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("init detects existing agent folders; --targets sets them", async () => {
    const init = await run("init", "--registry", me.username, "--yes");
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(repo, ".skills.yaml"), "utf8")).toContain("targets:\n  - claude\n");
    const explicit = await run("init", "--registry", me.username, "--targets", "claude,agents", "--yes");
    expect(explicit.stdout).toContain("Updated .skills.yaml: targets claude → claude, agents (its 0 declared skills stay).");
    expect((await run("init", "--registry", me.username, "--targets", "emacs", "--yes")).code).toBe(2);
  });

  it("a malformed .skills.yaml names the line and the problem and writes nothing", async () => {
    const dir = join(home, "bad");
    mkdirSync(dir);
    writeFileSync(join(dir, ".skills.yaml"), "sources:\n  - {name: a, registry: jake}\ntargets: [claude, emacs]\n");
    const sync = await skills(dir, env, "sync");
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain(".skills.yaml:3: targets[1]: unknown target");
    expect(existsSync(join(dir, ".skills.lock"))).toBe(false);
  });

  it("add refuses skills with scripts from a script without --yes, then installs into every target", async () => {
    const refused = await run("add", "alpha-skill", "beta-skill");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("beta-skill v1.0.0:\n    - run.sh is an executable script");
    expect(existsSync(join(repo, ".skills.lock"))).toBe(false);
    const add = await run("add", "--yes", "alpha-skill", "beta-skill");
    expect(add.code, add.stderr).toBe(0);
    for (const dir of [".claude/skills", ".agents/skills"]) {
      expect(contents(join(repo, dir, "beta-skill"))).toEqual(contents(join(repo, ".skills/beta-skill")));
    }
  });

  it("a warm sync writes nothing, targets included", async () => {
    const before = snapshot(repo);
    const sync = await run("sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toBe("Synced 2 skills. 0 updated, 2 unchanged.\n");
    expect(snapshot(repo)).toEqual(before);
  });

  it("a bare sync refreshes an expired stored session and keeps the new one, readable by its owner only", async () => {
    const file = join(env.SKILLS_CONFIG_DIR, "config.json");
    const stored = JSON.parse(readFileSync(file, "utf8"));
    const session = stored.sessions[apiUrl];
    writeFileSync(file, JSON.stringify({ ...stored, sessions: { ...stored.sessions, [apiUrl]: { ...session, expires_at: 1000 } } }));
    const sync = await run("sync");
    expect(sync.code, sync.stderr).toBe(0);
    const refreshed = JSON.parse(readFileSync(file, "utf8")).sessions[apiUrl];
    expect(refreshed.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(refreshed.refresh_token).not.toBe(session.refresh_token);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
  });

  it("a warm sync leaves an edited agent copy alone, reinstalls a deleted one, and --force restores the edit", async () => {
    const copy = join(repo, ".claude/skills/alpha-skill/SKILL.md");
    writeFileSync(copy, "my tweak");
    rmSync(join(repo, ".agents/skills/beta-skill"), { recursive: true });
    const sync = await run("sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(readFileSync(copy, "utf8")).toBe("my tweak");
    expect(contents(join(repo, ".agents/skills/beta-skill"))).toEqual(contents(join(repo, ".skills/beta-skill")));
    const forced = await run("sync", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(contents(join(repo, ".claude/skills/alpha-skill"))).toEqual(contents(join(repo, ".skills/alpha-skill")));
  });

  it("link: true symlinks agent folders; a folder it did not create is never touched", async () => {
    writeFileSync(join(repo, ".skills.yaml"), readFileSync(join(repo, ".skills.yaml"), "utf8").replace("targets:", "link: true\ntargets:").replace("  - agents\n", "  - agents\n  - gemini\n"));
    mkdirSync(join(repo, ".gemini/skills/alpha-skill"), { recursive: true });
    writeFileSync(join(repo, ".gemini/skills/alpha-skill/mine.md"), "my own");
    const sync = await run("sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toContain(".gemini/skills/alpha-skill exists and was not created by skills; left as is.");
    expect(readlinkSync(join(repo, ".claude/skills/alpha-skill"))).toBe("../../.skills/alpha-skill");
    expect(readFileSync(join(repo, ".gemini/skills/alpha-skill/mine.md"), "utf8")).toBe("my own");
    expect(lstatSync(join(repo, ".gemini/skills/beta-skill")).isSymbolicLink()).toBe(true);
  });

  it("removing a skill removes the agent folders it owned, and nothing else", async () => {
    const remove = await run("remove", "alpha-skill");
    expect(remove.code, remove.stderr).toBe(0);
    expect(existsSync(join(repo, ".claude/skills/alpha-skill"))).toBe(false);
    expect(existsSync(join(repo, ".agents/skills/alpha-skill"))).toBe(false);
    expect(readFileSync(join(repo, ".gemini/skills/alpha-skill/mine.md"), "utf8")).toBe("my own");
    expect((await run("add", "alpha-skill")).code).toBe(0);
  });

  it("verify passes in order and names an edited file, without writing", async () => {
    { const v = await run("verify"); expect(v.code, v.stderr).toBe(0); }
    writeFileSync(join(repo, ".skills/alpha-skill/SKILL.md"), "edited");
    const verify = await run("verify", "--json");
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toEqual({ ok: false, problems: [".skills/alpha-skill/SKILL.md: differs from its locked digest"] });
  });

  it("sync --frozen fails on a local edit, a lock out of date, or no lock; installs a missing folder", async () => {
    const edited = await run("sync", "--frozen");
    expect(edited.code, edited.stdout + edited.stderr).toBe(1);
    expect(edited.stderr).toContain(".skills/alpha-skill/SKILL.md: differs from its locked digest");
    expect((await run("sync", "--force")).code).toBe(0);
    rmSync(join(repo, ".skills/beta-skill"), { recursive: true });
    const frozen = await run("sync", "--frozen", "--yes");
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(existsSync(join(repo, ".skills/beta-skill/run.sh"))).toBe(true);
    const yaml = readFileSync(join(repo, ".skills.yaml"), "utf8");
    writeFileSync(join(repo, ".skills.yaml"), yaml.replace("slug: beta-skill", 'slug: beta-skill\n    version: "^2.0.0"'));
    const stale = await run("sync", "--frozen");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('beta-skill: constraint "^2.0.0" in .skills.yaml, "none" in .skills.lock');
    writeFileSync(join(repo, ".skills.yaml"), yaml);
    const lock = readFileSync(join(repo, ".skills.lock"), "utf8");
    rmSync(join(repo, ".skills.lock"));
    expect((await run("sync", "--frozen")).stderr).toContain(".skills.lock is missing");
    writeFileSync(join(repo, ".skills.lock"), lock);
  });

  it("SKILLS_TOKEN authenticates without a stored session; a bad one says so", async () => {
    const ci = { SKILLS_CONFIG_DIR: join(home, "ci-config"), SKILLS_API_URL: apiUrl, SKILLS_TOKEN: me.token };
    const who = await skills(repo, ci, "whoami", "--json");
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ username: me.username, email: me.email });
    const bad = await skills(repo, { ...ci, SKILLS_TOKEN: "not-a-token" }, "whoami");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("The server refused SKILLS_TOKEN");
  });

  it("update moves one skill to its newest version and leaves the others", async () => {
    await publishVersion(apiUrl, me, me.username, "alpha-skill", "1.1.0", [upload(skillMd("alpha-skill", "One, better."))]);
    await publishVersion(apiUrl, me, me.username, "beta-skill", "1.1.0", [upload(skillMd("beta-skill", "Two, better.")), upload("#!/bin/sh\necho hi\n", "run.sh", true)]);
    const update = await run("update", "alpha-skill");
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toBe("Updated alpha-skill: 1.0.0 → 1.1.0\n");
    const list = JSON.parse((await run("list", "--installed", "--json")).stdout);
    expect(list.skills.map((s: { slug: string; locked_version: string }) => [s.slug, s.locked_version])).toEqual([
      ["beta-skill", "1.0.0"],
      ["alpha-skill", "1.1.0"],
    ]);
    expect((await run("update", "nope-skill")).stderr).toContain("nope-skill is not in .skills.yaml");
  });

  it("info shows metadata and versions (and JSON); a typo suggests the close match", async () => {
    const info = await run("info", "alpha-skill", "--json");
    expect(info.code, info.stderr).toBe(0);
    const data = JSON.parse(info.stdout);
    expect(data).toMatchObject({ registry: me.username, slug: "alpha-skill", version: "1.1.0", installed: "1.1.0", open_issues: 0, created_by: me.username });
    expect(data.versions.map((v: { version: string }) => v.version)).toEqual(["1.1.0", "1.0.0"]);
    expect((await run("info", "alpha-skill")).stdout).toContain("Versions:\n  v1.1.0");
    const typo = await run("info", "alpha-skil");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`Skill "alpha-skil" not found in ${me.username}. Did you mean "alpha-skill"?`);
  });

  it("a bare slug in two sources is ambiguous without a terminal, listing the candidates", async () => {
    writeFileSync(join(repo, ".skills.yaml"), readFileSync(join(repo, ".skills.yaml"), "utf8").replace("install_path:", `  - name: theirs\n    registry: ${org}\n    url: ${apiUrl}\ninstall_path:`));
    const add = await run("add", "shared-skill");
    expect(add.code, add.stderr).toBe(2);
    expect(add.stderr).toContain(`"shared-skill" is in several sources: ${me.username}/shared-skill, ${org}/shared-skill.`);
  });

  it("diff shows the unified diff of a local edit, and JSON; edit marks and push without a slug publishes it", async () => {
    writeFileSync(join(repo, ".skills/beta-skill/notes.md"), "new notes\n");
    const diff = await run("diff", "beta-skill");
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`beta-skill: local folder vs ${me.username} v1.1.0`);
    expect(diff.stdout).toContain("-Two, better.\n+Two.");
    expect(diff.stdout).toContain("+new notes");
    const json = JSON.parse((await run("diff", "--json")).stdout);
    expect(json.skills.find((s: { slug: string }) => s.slug === "alpha-skill").changed).toBe(false);
    const editor = join(home, "editor.sh");
    writeFileSync(editor, '#!/bin/sh\necho "Edited by hand." >> "$1"\n');
    chmodSync(editor, 0o755);
    const edit = await skills(repo, { ...env, EDITOR: editor, VISUAL: "" }, "edit", "alpha-skill");
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toBe("Edited alpha-skill locally. Run `skills push alpha-skill` to publish.\n");
    expect(existsSync(join(repo, ".skills/alpha-skill/.modified"))).toBe(true);
    expect((await run("edit", "nope-skill")).stderr).toContain("nope-skill is not installed here.");
    // beta-skill's folder is based on 1.0.0 and 1.1.0 is out: that push is refused until 1.1.0 is merged in.
    const push = await run("push", "--yes");
    expect(push.code).toBe(1);
    expect(push.stdout, push.stderr).toContain(`Pushed alpha-skill v1.1.1 to ${me.username}`);
    expect(push.stderr).toContain(`${me.username}/beta-skill is at 1.1.0, your folder is based on 1.0.0`);
    const merge = await run("update", "beta-skill", "--yes");
    expect(merge.code, merge.stderr).toBe(0);
    expect(readFileSync(join(repo, ".skills/beta-skill/SKILL.md"), "utf8")).toContain("Two, better.");
    const merged = await run("push", "--yes");
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`Pushed beta-skill v1.1.1 to ${me.username}`);
    expect(existsSync(join(repo, ".skills/alpha-skill/.modified"))).toBe(false);
    expect((await run("push")).stdout).toBe("No locally modified skills to push.\n");
  });

  it("push --from-stdin publishes piped SKILL.md and refuses empty input", async () => {
    const empty = await skillsWithInput(repo, env, "  \n", "push", "alpha-skill", "--from-stdin");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--from-stdin got empty input");
    const piped = await skillsWithInput(repo, env, skillMd("alpha-skill", "From a pipe."), "push", "alpha-skill", "--from-stdin");
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain("Pushed alpha-skill v1.1.2");
    expect(readFileSync(join(repo, ".skills/alpha-skill/SKILL.md"), "utf8")).toContain("From a pipe.");
    { const v = await run("verify"); expect(v.code, v.stderr).toBe(0); }
  });

  it("validate reports errors and warnings (and JSON) and exits 1 on an invalid skill", async () => {
    const ok = await run("validate", "--json");
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).valid).toBe(true);
    const dir = join(home, "bad-skill");
    mkdirSync(dir);
    writeFileSync(join(dir, "SKILL.md"), "---\nname: Bad\n---\nno title\n");
    const bad = await run("validate", "--path", dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("error   SKILL.md `name` \"Bad\" must be 1–64 lowercase letters");
    expect(bad.stdout).toContain("warning SKILL.md frontmatter has no `description`; agents that require the Agent Skills frontmatter will not load it.");
    expect(bad.stdout).toContain("warning SKILL.md has no `# Title` heading.");
  });

  it("bundle concatenates installed skills; config gets and sets global settings", async () => {
    const bundle = await run("bundle", "--output", "all.md");
    expect(bundle.code, bundle.stderr).toBe(0);
    expect(bundle.stdout).toMatch(/^Bundled 2 skills into all\.md \(\d+\.\d KB\)\n$/);
    expect(readFileSync(join(repo, "all.md"), "utf8")).toContain(`<!-- === SKILL: alpha-skill (${me.username} v1.1.2) === -->`);
    expect((await run("config", "editor", "nano")).stdout).toBe("Set editor to nano.\n");
    expect((await run("config", "editor")).stdout).toBe("nano\n");
    expect((await run("config", "colour")).code).toBe(2);
    expect((await run("config", "install_path", "../out")).code).toBe(2);
  });

  it("list, search and whoami print JSON; --quiet prints nothing but errors", async () => {
    const listed = await run("list", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const list = JSON.parse(listed.stdout);
    expect(list.registries[0].skills.map((s: { slug: string }) => s.slug)).toContain("alpha-skill");
    const search = JSON.parse((await run("search", "alpha", "--json")).stdout);
    expect(search.results[0]).toMatchObject({ registry: me.username, slug: "alpha-skill" });
    const quiet = await run("-q", "sync");
    expect(quiet).toMatchObject({ code: 0, stdout: "" });
  });
});
