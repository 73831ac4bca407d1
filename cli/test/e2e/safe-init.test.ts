/**
 * Mistakes that must not lose a team's skills, through the built CLI against
 * the local platform: `init` in a repository that has `.skills.yaml` keeps
 * every declared skill and changes only the options given, so the next sync
 * removes nothing; a sync that does remove skills says so folder by folder;
 * a misspelt `.skills.yaml` key and an API URL without `/functions/v1/api`
 * are refused with the fix and change nothing; `push --path DIR` takes the
 * slug from the folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createSkill, getSkill, localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";
import { snapshot } from "./tree.ts";

const NAMES = ["alpha-skill", "beta-skill", "gamma-skill"];
const skillMd = (slug: string) => `---\nname: ${slug}\ndescription: About ${slug}.\n---\n\n# ${slug}\n\nUse it.\n`;
const upload = (text: string) => ({ path: "SKILL.md", content_base64: Buffer.from(text).toString("base64"), executable: false });

describe("init and sync never drop declared skills silently", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-safe-init-"));
  const repo = join(home, "repo");
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl, NO_COLOR: "1" };
  const run = (...args: string[]) => skills(repo, env, ...args);
  const config = () => readFileSync(join(repo, ".skills.yaml"), "utf8");
  let me: TestUser;

  beforeAll(async () => {
    me = await signUp(apiUrl, "safeinit");
    for (const slug of NAMES) await createSkill(apiUrl, me, me.username, { slug, version: "1.0.0", files: [upload(skillMd(slug))] });
    mkdirSync(repo);
    expect((await skills(home, env, "login", "--email", me.email, "--password", me.password)).code).toBe(0);
    const init = await run("init", "--registry", me.username, "--targets", "claude", "--yes");
    expect(init.stdout).toContain("Created .skills.yaml");
    const add = await run("add", "--yes", ...NAMES);
    expect(add.code, add.stderr).toBe(0);
  });

  it("init --yes a second time keeps .skills.yaml as it is and says so", async () => {
    writeFileSync(join(repo, ".skills.yaml"), `# our team's skills\n${config()}`);
    const before = config();
    const again = await run("init", "--registry", me.username, "--yes");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("Created");
    expect(again.stdout).toContain("Kept .skills.yaml (nothing to change; its 3 declared skills stay).");
    expect(config()).toBe(before);
  });

  it("init with a changed option changes only that, and the next sync keeps every skill", async () => {
    const change = await run("init", "--targets", "claude,agents", "--yes");
    expect(change.code, change.stderr).toBe(0);
    expect(change.stdout).toBe("Updated .skills.yaml: targets claude → claude, agents (its 3 declared skills stay).\n");
    expect(config()).toContain("# our team's skills");
    for (const slug of NAMES) expect(config()).toContain(`slug: ${slug}`);
    const sync = await run("sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).not.toContain("removed");
    for (const slug of NAMES) {
      expect(sync.stdout).toContain(`  wrote .agents/skills/${slug}`);
      for (const dir of [".skills", ".claude/skills", ".agents/skills"]) expect(existsSync(join(repo, dir, slug, "SKILL.md")), `${dir}/${slug}`).toBe(true);
    }
  });

  it("a sync that removes two undeclared skills prints a line for every folder it removes", async () => {
    writeFileSync(join(repo, ".skills.yaml"), config().replace(/  - slug: (alpha|beta)-skill\n(    .*\n)*/g, ""));
    const sync = await run("sync");
    expect(sync.code, sync.stderr).toBe(0);
    for (const slug of ["alpha-skill", "beta-skill"]) {
      expect(sync.stdout).toContain(`  removed .skills/${slug} (no longer in .skills.yaml)\n`);
      expect(sync.stdout).toContain(`  removed .claude/skills/${slug}\n`);
      expect(sync.stdout).toContain(`  removed .agents/skills/${slug}\n`);
      for (const dir of [".skills", ".claude/skills", ".agents/skills"]) expect(existsSync(join(repo, dir, slug))).toBe(false);
    }
    expect(sync.stdout.match(/ removed /g)).toHaveLength(6);
    expect(existsSync(join(repo, ".skills", "gamma-skill", "SKILL.md"))).toBe(true);
  });

  it("a misspelt key in .skills.yaml stops sync with the key, where it is and the nearest known one, changing nothing", async () => {
    writeFileSync(join(repo, ".skills.yaml"), config().replace("  - slug: gamma-skill\n", '  - slug: gamma-skill\n    versoin: "^1.0.0"\n'));
    const before = snapshot(repo);
    const sync = await run("sync");
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(/\.skills\.yaml:\d+: skills\[0\]: unknown key "versoin" \(did you mean "version"\?\)\.\n$/);
    expect(sync.stderr.trim().split("\n")).toHaveLength(1);
    expect(snapshot(repo)).toEqual(before);
  });

  it("add names the folders its sync removes for skills deleted from .skills.yaml by hand", async () => {
    writeFileSync(join(repo, ".skills.yaml"), config().replace(/  - slug: gamma-skill\n(    .*\n)*/, ""));
    const add = await run("add", "--yes", "alpha-skill");
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain("Added: alpha-skill");
    expect(add.stdout).toContain("  removed .skills/gamma-skill (no longer in .skills.yaml)\n  removed .claude/skills/gamma-skill\n  removed .agents/skills/gamma-skill\n");
    expect(existsSync(join(repo, ".skills", "gamma-skill"))).toBe(false);
  });

  it("an API URL without /functions/v1/api is refused with the URL to use, everywhere one is taken", async () => {
    const project = new URL(apiUrl).origin;
    const fix = `use ${project}/functions/v1/api.`;
    const dir = join(home, "fresh");
    mkdirSync(dir);
    const init = await skills(dir, env, "init", "--registry", me.username, "--api-url", project, "--yes");
    expect(init.code).toBe(2);
    expect(init.stderr).toBe(`error: --api-url: ${project} is the project, not its API: ${fix}\n`);
    expect(existsSync(join(dir, ".skills.yaml"))).toBe(false);
    const setting = await skills(dir, env, "config", "api_url", `${project}/functions/v1/mcp`);
    expect(setting.code).toBe(2);
    expect(setting.stderr).toBe(`error: api_url: ${project}/functions/v1/mcp is the MCP server, not the API: ${fix}\n`);
    const whoami = await skills(dir, { ...env, SKILLS_API_URL: `${project}/functions/v1` }, "whoami");
    expect(whoami.code).toBe(2);
    expect(whoami.stderr).toBe(`error: SKILLS_API_URL: ${project}/functions/v1 is the functions URL, not the API: ${fix}\n`);
    writeFileSync(join(dir, ".skills.yaml"), `sources:\n  - name: me\n    registry: ${me.username}\n    url: ${project}\nskills: []\n`);
    const sync = await skills(dir, env, "sync");
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain(`.skills.yaml:4: sources[0].url: ${project} is the project, not its API: ${fix}`);
  });

  it("push --path DIR takes the slug from the folder, and refuses a SKILL.md name that differs", async () => {
    const folder = join(home, "delta-skill");
    mkdirSync(folder);
    writeFileSync(join(folder, "SKILL.md"), skillMd("delta-skill"));
    const push = await skills(home, env, "push", "--path", folder, "--registry", me.username, "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain(`Pushed delta-skill v1.0.0 to ${me.username} (new skill)`);
    expect(JSON.stringify(await getSkill(apiUrl, me, me.username, "delta-skill"))).toContain('"1.0.0"');
    writeFileSync(join(folder, "SKILL.md"), skillMd("delta"));
    const refused = await skills(home, env, "push", "--path", folder, "--registry", me.username, "--yes");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The folder is named "delta-skill" but its SKILL.md says name: delta;');
  });
});
