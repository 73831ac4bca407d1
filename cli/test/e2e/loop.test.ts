/**
 * The foundation loop end to end through the built CLI against the local
 * platform on its embedded default: a maintainer pushes the twelve real
 * fixture folders, a second repo adds and syncs them byte for byte, a warm
 * sync writes nothing, and an edit pushed from repo one reaches repo two.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type {} from "../../../supabase/tests/support/global-setup.ts";
import { META_SKILL } from "../../src/lib/project/meta-skill.ts";
import { skills } from "./run-cli.ts";
import { contents, snapshot } from "./tree.ts";

const FIXTURES = join(import.meta.dirname, "../../../../shared/fixtures/anthropic-skills");
const NAMES = readdirSync(FIXTURES).sort();

describe("push → add → sync on real skills", () => {
  const platform = inject("platforms").find((p) => p.name === "pglite")!;
  const home = mkdtempSync(join(tmpdir(), "skills-e2e-"));
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: platform.apiUrl };
  const repoOne = join(home, "repo-one");
  const repoTwo = join(home, "repo-two");
  const user = `maint-${Date.now().toString(36)}`;

  beforeAll(() => {
    execFileSync("mkdir", ["-p", repoOne, repoTwo]);
  });

  it("registers, logs in and stores the session with mode 0600", async () => {
    const reg = await skills(home, env, "register", "--email", `${user}@example.test`, "--password", "a-long-password", "--username", user);
    expect(reg.code, reg.stderr).toBe(0);
    const login = await skills(home, env, "login", "--email", `${user}@example.test`, "--password", "a-long-password");
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(user);
    expect(statSync(join(env.SKILLS_CONFIG_DIR, "config.json")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(env.SKILLS_CONFIG_DIR, "config.json"), "utf8")).not.toContain("a-long-password");
    const who = await skills(home, env, "whoami");
    expect(who.stdout).toContain(user);
  });

  it("refuses to push a skill an agent cannot load, naming why, and publishes nothing", async () => {
    const dir = join(home, "wrong-name");
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(join(dir, "SKILL.md"), "---\nname: other-name\ndescription: Misnamed.\n---\n\n# Misnamed\n");
    const push = await skills(repoOne, env, "push", "wrong-name", "--registry", user, "--path", dir, "--yes");
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('wrong-name is not a valid skill; nothing was published:\n  - SKILL.md `name` "other-name" must equal the skill\'s folder name and slug "wrong-name".');
  });

  it("refuses to publish a skill with executable scripts from a script without --yes, listing them", async () => {
    const push = await skills(repoOne, env, "push", "web-artifacts-builder", "--registry", user, "--path", join(FIXTURES, "web-artifacts-builder"));
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("web-artifacts-builder v1.0.0:\n    - scripts/bundle-artifact.sh is an executable script");
    expect(push.stderr).toContain("Run again with --yes to publish anyway.");
  });

  it("pushes all twelve fixture folders from repo one", async () => {
    expect((await skills(repoOne, env, "init", "--registry", user, "--yes")).code).toBe(0);
    for (const name of NAMES) {
      const push = await skills(repoOne, env, "push", name, "--path", join(FIXTURES, name), "--yes");
      expect(push.code, `${name}: ${push.stderr}`).toBe(0);
      expect(push.stdout).toContain(`Pushed ${name} v1.0.0 to ${user}`);
    }
  });

  it("a second repo adds and syncs them byte for byte, executable bits kept", async () => {
    expect((await skills(repoTwo, env, "init", "--registry", user, "--install-path", ".skills", "--yes")).code).toBe(0);
    const add = await skills(repoTwo, env, "add", "--yes", ...NAMES.map((n) => `${user}/${n}`));
    expect(add.code, add.stderr).toBe(0);
    for (const name of NAMES) {
      expect(contents(join(repoTwo, ".skills", name)), name).toEqual(contents(join(FIXTURES, name)));
      execFileSync("diff", ["-r", "-x", "meta.yaml", join(FIXTURES, name), join(repoTwo, ".skills", name)]);
    }
    expect(readFileSync(join(repoTwo, ".skills/_system/SKILL.md"), "utf8")).toMatch(/^---\nname: /);
    const index = readFileSync(join(repoTwo, ".skills/SKILLS_INDEX.md"), "utf8");
    expect(index.indexOf("_system")).toBeLessThan(index.indexOf(NAMES[0]!));
    // The built CLI reads the meta-skill's description at build time; it must be the one its frontmatter says.
    expect(index).toContain(`## _system\n- **Source:** built into the skills CLI\n- **Description:** ${META_SKILL.description}\n`);
    for (const name of NAMES) expect(index).toContain(`${name}/SKILL.md`);
    expect(readFileSync(join(repoTwo, ".skills.lock"), "utf8")).toMatch(/digest: "?sha256:[0-9a-f]{64}/);
    expect(readFileSync(join(repoTwo, ".gitignore"), "utf8")).toMatch(/^\.skills\/?$/m);
  });

  it("a warm sync writes no file at all, the lock included", async () => {
    const before = snapshot(repoTwo);
    const sync = await skills(repoTwo, env, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(snapshot(repoTwo)).toEqual(before);
  });

  it("an edit pushed from repo one reaches repo two at the bumped version", async () => {
    const work = join(repoOne, "work", "brand-guidelines");
    cpSync(join(FIXTURES, "brand-guidelines"), work, { recursive: true });
    chmodSync(join(work, "SKILL.md"), 0o644);
    writeFileSync(join(work, "SKILL.md"), `${readFileSync(join(work, "SKILL.md"), "utf8")}\n## Added in 1.0.1\n\nNew guidance.\n`);
    const push = await skills(repoOne, env, "push", "brand-guidelines", "--path", work, "--changelog", "New guidance");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain("v1.0.1");
    const sync = await skills(repoTwo, env, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(readFileSync(join(repoTwo, ".skills/brand-guidelines/SKILL.md"), "utf8")).toContain("New guidance.");
    expect(readFileSync(join(repoTwo, ".skills.lock"), "utf8")).toMatch(/slug: brand-guidelines[\s\S]*?version: "?1\.0\.1/);
  });

  it("pushing a folder identical to the latest version publishes nothing", async () => {
    const again = await skills(repoOne, env, "push", "brand-guidelines", "--path", join(repoOne, "work", "brand-guidelines"));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Nothing to push: " + user + "/brand-guidelines v1.0.1 already has exactly these files.");
  });

  it("a constraint nothing satisfies names the skill and constraint, exits 1, and leaves every skill file and the lock as they were", async () => {
    const before = snapshot(repoTwo);
    const configPath = join(repoTwo, ".skills.yaml");
    const original = readFileSync(configPath, "utf8");
    writeFileSync(configPath, original.replace(/(- slug: brand-guidelines\n)/, '$1    version: ">=9.0.0"\n'));
    const sync = await skills(repoTwo, env, "sync");
    writeFileSync(configPath, original);
    expect(sync.code).toBe(1);
    expect(sync.stdout + sync.stderr).toMatch(/brand-guidelines/);
    expect(sync.stdout + sync.stderr).toContain(">=9.0.0");
    const after = snapshot(repoTwo);
    // The rest synced: the parse cache holds the edited .skills.yaml's parse now.
    for (const path of [".skills.yaml", ".skills/.skills-parsed.json"]) {
      after.delete(path);
      before.delete(path);
    }
    expect(after).toEqual(before);
  });

  it("keeps a locally modified skill while nothing new resolves for it; --force restores it", async () => {
    const file = join(repoTwo, ".skills/internal-comms/SKILL.md");
    const lock = readFileSync(join(repoTwo, ".skills.lock"), "utf8");
    writeFileSync(file, "# my local notes\n");
    const kept = await skills(repoTwo, env, "sync");
    expect(kept.code, kept.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("# my local notes\n");
    expect(readFileSync(join(repoTwo, ".skills.lock"), "utf8")).toBe(lock);
    const forced = await skills(repoTwo, env, "sync", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(contents(join(repoTwo, ".skills/internal-comms"))).toEqual(contents(join(FIXTURES, "internal-comms")));
  });

  it("removing a skill deletes its folder and its lock entry", async () => {
    const remove = await skills(repoTwo, env, "remove", "algorithmic-art");
    expect(remove.code, remove.stderr).toBe(0);
    expect(existsSync(join(repoTwo, ".skills/algorithmic-art"))).toBe(false);
    expect(readFileSync(join(repoTwo, ".skills.lock"), "utf8")).not.toContain("algorithmic-art");
    expect(readFileSync(join(repoTwo, ".skills/SKILLS_INDEX.md"), "utf8")).not.toContain("algorithmic-art");
  });

  it("says 'Cannot reach <url>' for an unreachable API and exits non-zero without a stack trace", async () => {
    const url = "http://127.0.0.1:9/functions/v1/api";
    const run = await skills(repoTwo, { ...env, SKILLS_API_URL: url }, "login", "--email", "x@example.test", "--password", "whatever-123");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`Cannot reach ${url}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses to push without the right role and says why", async () => {
    const otherEnv = { ...env, SKILLS_CONFIG_DIR: join(home, "config-other") };
    const other = `other-${Date.now().toString(36)}`;
    expect((await skills(home, otherEnv, "register", "--email", `${other}@example.test`, "--password", "a-long-password", "--username", other)).code).toBe(0);
    const push = await skills(repoOne, otherEnv, "push", "brand-guidelines", "--registry", user, "--path", join(FIXTURES, "brand-guidelines"));
    expect(push.code).toBe(1);
    expect(push.stderr).not.toMatch(/\n\s+at /);
  });
});
