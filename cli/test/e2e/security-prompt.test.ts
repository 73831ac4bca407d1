/**
 * The security question in a real terminal (tmux): asked on its own line
 * with no spinner frame in front of it, naming the version being installed
 * or published; accepted once per skill and content in a project, so the
 * same version never asks again and a new one does.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createSkill, localPlatform, publishVersion } from "./platform.ts";
import { skills } from "./run-cli.ts";
import { Terminal } from "./tmux.ts";

/** A SKILL.md the scan flags: it grants an unrestricted shell. */
const riskyMd = (note: string) => `---\nname: risky-skill\ndescription: Runs things.\nallowed-tools: Bash\n---\n\n# Risky\n\n${note}\n`;
const upload = (text: string) => [{ path: "SKILL.md", content_base64: Buffer.from(text).toString("base64"), executable: false }];
/** Any frame of ora's default spinner. */
const SPINNER_FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe("the security question in a real terminal", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-sec-tty-"));
  const repo = join(home, "repo");
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  let me: TestUser;
  let terminal: Terminal | undefined;

  /** Runs `skills <args>` in tmux until `question` shows; returns the screen then. */
  async function ask(args: string[], question: string): Promise<string> {
    terminal = new Terminal(repo, env, args);
    return terminal.waitFor(question);
  }

  /** The question's line must start the line (no spinner frame or label before it), and no frame may be on screen. */
  function expectAlone(screen: string, question: string): void {
    const line = screen.split("\n").find((l) => l.includes(question))!;
    expect(line.startsWith(`? ${question}`), screen).toBe(true);
    expect(screen).toMatch(/^Security warnings:$/m);
    expect(screen).not.toMatch(SPINNER_FRAME);
  }

  beforeAll(async () => {
    me = await signUp(apiUrl, "sectty");
    await createSkill(apiUrl, me, me.username, { slug: "risky-skill", files: upload(riskyMd("One.")) });
    expect((await skills(home, env, "login", "--email", me.email, "--password", me.password)).code).toBe(0);
    mkdirSync(repo);
    writeFileSync(join(repo, ".skills.yaml"), `sources:\n  - {name: mine, registry: ${me.username}, url: "${apiUrl}"}\nskills: []\n`);
  });
  afterEach(() => {
    terminal?.close();
    terminal = undefined;
  });

  it("add asks on its own line, behind no spinner, naming the version it installs", async () => {
    const question = "Install risky-skill v1.0.0 anyway?";
    expectAlone(await ask(["add", "risky-skill"], question), question);
    expect(terminal!.screen()).toContain("risky-skill v1.0.0:\n    - allowed-tools grants `Bash` (an unrestricted shell)");
    terminal!.keys("y", "Enter");
    await terminal!.waitFor("[exit 0]");
    expect(terminal!.screen()).toContain(`Added: risky-skill (${me.username} v1.0.0)`);
  });

  it("the same version is not asked about again in this project, even without a terminal", async () => {
    rmSync(join(repo, ".skills/risky-skill"), { recursive: true });
    terminal = new Terminal(repo, env, ["sync"]);
    await terminal.waitFor("[exit 0]");
    expect(terminal.screen()).not.toContain("Security warnings");
    expect(terminal.screen()).toContain("installed risky-skill 1.0.0");
    rmSync(join(repo, ".skills/risky-skill"), { recursive: true });
    // Off a terminal, without --yes, an unaccepted finding is refused: this one passes.
    const sync = await skills(repo, env, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toBe("");
  });

  it("a new version asks again, and refusing it changes nothing", async () => {
    await publishVersion(apiUrl, me, me.username, "risky-skill", "1.1.0", upload(riskyMd("Two.")));
    const question = "Install risky-skill v1.1.0 anyway?";
    expectAlone(await ask(["update"], question), question);
    terminal!.keys("n", "Enter");
    await terminal!.waitFor(/\[exit [1-9]\]/);
    expect(terminal!.screen()).toContain("Nothing was changed.");
    expect(readFileSync(join(repo, ".skills/risky-skill/SKILL.md"), "utf8")).toBe(riskyMd("One."));
    terminal!.close();
    expectAlone(await ask(["update"], question), question);
    terminal!.keys("y", "Enter");
    await terminal!.waitFor("[exit 0]");
    expect(terminal!.screen()).toContain("Updated risky-skill: 1.0.0 → 1.1.0");
  });

  it("push asks naming the version it would publish, not a placeholder", async () => {
    writeFileSync(join(repo, ".skills/risky-skill/SKILL.md"), riskyMd("Three."));
    const question = "Publish risky-skill v1.1.1 anyway?";
    expectAlone(await ask(["push", "risky-skill"], question), question);
    terminal!.keys("n", "Enter");
    await terminal!.waitFor(/\[exit [1-9]\]/);
    expect(terminal!.screen()).toContain("Nothing was published.");
  });
});
