/**
 * Interactive prompts in a real terminal (tmux): `init`'s questions with the
 * detected agent folders preselected, its overwrite confirmation, and
 * choosing between sources when `add` finds a bare slug in two of them.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createOrganization, createSkill, localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";
import { Terminal } from "./tmux.ts";

const skillMd = (slug: string) => `---\nname: ${slug}\ndescription: About ${slug}.\n---\n\n# ${slug}\n`;
const upload = (text: string) => [{ path: "SKILL.md", content_base64: Buffer.from(text).toString("base64"), executable: false }];

describe("prompts in a real terminal", () => {
  const { apiUrl, dbUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-tty-"));
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  const org = `tty-org-${Date.now().toString(36)}`;
  let me: TestUser;
  let terminal: Terminal | undefined;

  beforeAll(async () => {
    me = await signUp(apiUrl, "tty");
    const other = await signUp(apiUrl, "ttyo");
    await createOrganization(dbUrl, org, other, [{ user: me, role: "member" }]);
    await createSkill(apiUrl, me, me.username, { slug: "twin-skill", files: upload(skillMd("twin-skill")) });
    await createSkill(apiUrl, other, org, { slug: "twin-skill", files: upload(skillMd("twin-skill")) });
    expect((await skills(home, env, "login", "--email", me.email, "--password", me.password)).code).toBe(0);
  });
  afterEach(() => {
    terminal?.close();
    terminal = undefined;
  });

  it("init asks for the registry, the install path and the agents, with existing agent folders ticked", async () => {
    const repo = join(home, "init");
    mkdirSync(join(repo, ".claude"), { recursive: true });
    terminal = new Terminal(repo, env, ["init"]);
    await terminal.waitFor(`Registry slug (your username or an organization) (${me.username}):`);
    terminal.keys("Enter");
    await terminal.waitFor("Install path (.skills):");
    terminal.keys("agent-skills", "Enter");
    const screen = await terminal.waitFor("Which coding agents does this repository use?");
    expect(screen).toMatch(/◉ \.claude\/skills\/ +Claude Code/);
    expect(screen).toMatch(/◯ \.agents\/skills\/ +Codex, Cursor, Amp, Goose/);
    // Tick .agents/skills (the second line) and confirm.
    terminal.keys("Down", "Space", "Enter");
    await terminal.waitFor("[exit 0]");
    const yaml = readFileSync(join(repo, ".skills.yaml"), "utf8");
    expect(yaml).toContain(`registry: ${me.username}`);
    expect(yaml).toContain("install_path: agent-skills");
    expect(yaml).toContain("targets:\n  - claude\n  - agents\n");
  });

  it("init on a terminal keeps an existing .skills.yaml without asking; one of only comments is written anew", async () => {
    const repo = join(home, "overwrite");
    mkdirSync(repo);
    const mine = `# mine\nsources:\n  - {name: mine, registry: ${me.username}, url: "${apiUrl}"}\nskills:\n  - {slug: twin-skill, source: mine}\n`;
    writeFileSync(join(repo, ".skills.yaml"), mine);
    terminal = new Terminal(repo, env, ["init"]);
    await terminal.waitFor("[exit 0]");
    expect(terminal.screen()).toContain("Kept .skills.yaml (nothing to change;");
    expect(readFileSync(join(repo, ".skills.yaml"), "utf8")).toBe(mine);
    terminal.close();
    writeFileSync(join(repo, ".skills.yaml"), "# mine\n");
    terminal = new Terminal(repo, env, ["init", "--registry", me.username, "--targets", "none"]);
    await terminal.waitFor("Install path (.skills):");
    terminal.keys("Enter");
    await terminal.waitFor("[exit 0]");
    expect(readFileSync(join(repo, ".skills.yaml"), "utf8")).toContain(`registry: ${me.username}`);
  });

  it("add of a slug found in two sources lets the user pick one", async () => {
    const repo = join(home, "ambiguous");
    mkdirSync(repo);
    writeFileSync(
      join(repo, ".skills.yaml"),
      `sources:\n  - {name: mine, registry: ${me.username}, url: "${apiUrl}"}\n  - {name: team, registry: ${org}, url: "${apiUrl}"}\nskills: []\n`,
    );
    terminal = new Terminal(repo, env, ["add", "twin-skill"]);
    const screen = await terminal.waitFor('"twin-skill" is in several sources. Which one?');
    expect(screen).toContain(`${me.username}/twin-skill v1.0.0`);
    expect(screen).toContain(`${org}/twin-skill v1.0.0`);
    terminal.keys("Down", "Enter");
    await terminal.waitFor("[exit 0]");
    expect(terminal.screen()).toContain(`Added: twin-skill (${org} v1.0.0)`);
    expect(readFileSync(join(repo, ".skills.yaml"), "utf8")).toContain("source: team");
  });
});
