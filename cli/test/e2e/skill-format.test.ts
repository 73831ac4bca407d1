/**
 * SKILL.md the spec's way and the Agent Skills way, through the built CLI
 * against the local platform: every real fixture is pushed without
 * --skip-validation (claude-api's long description only warns), a plain
 * `# Title` skill is pushed (from a folder and from stdin) and synced into a
 * second repo, `validate --strict` fails on a warning, and `validate --fix`
 * adds the frontmatter from the registry's record.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { FIXTURES, tempDir } from "../helpers/fs.ts";
import { localPlatform } from "./platform.ts";
import { skills, skillsWithInput } from "./run-cli.ts";

const NAMES = readdirSync(FIXTURES).sort();
const NO_FRONTMATTER = "agents that require the Agent Skills frontmatter will not load it";
const PLAIN = "# Harbour Tides\n\nReads the tide tables of a harbour before sailing.\n\n## Steps\n\n1. Look up the harbour.\n";

/** How many times `text` occurs in `output`. */
const count = (output: string, text: string) => output.split(text).length - 1;

describe("SKILL.md with and without frontmatter", () => {
  const { apiUrl } = localPlatform();
  let user: TestUser;
  let env: Record<string, string>;
  let author: string;
  let reader: string;
  let plainDir: string;

  beforeAll(async () => {
    const home = await tempDir("file");
    env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
    user = await signUp(apiUrl, "format");
    author = join(home, "author");
    reader = join(home, "reader");
    mkdirSync(author);
    mkdirSync(reader);
    expect((await skills(home, env, "login", "--email", user.email, "--password", user.password)).code).toBe(0);
    expect((await skills(author, env, "init", "--registry", user.username, "--yes")).code).toBe(0);
    expect((await skills(reader, env, "init", "--registry", user.username, "--install-path", ".skills", "--yes")).code).toBe(0);
    plainDir = join(home, "harbour-tides");
    mkdirSync(plainDir);
    writeFileSync(join(plainDir, "SKILL.md"), PLAIN);
  });

  it("pushes all twelve real fixtures without --skip-validation; claude-api's 1068-character description is a warning", async () => {
    for (const name of NAMES) {
      const push = await skills(author, env, "push", name, "--path", join(FIXTURES, name), "--yes");
      expect(push.code, `${name}: ${push.stderr}`).toBe(0);
      expect(push.stdout).toContain(`Pushed ${name} v1.0.0 to ${user.username} (new skill)`);
      if (name === "claude-api") {
        expect(push.stderr).toContain("claude-api: SKILL.md `description` is 1068 characters, over the Agent Skills limit of 1024");
      }
    }
  });

  it("pushes a plain `# Title` skill with the no-frontmatter warning said once, named by its title", async () => {
    const push = await skills(author, env, "push", "harbour-tides", "--path", plainDir, "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain("Pushed harbour-tides v1.0.0");
    expect(count(push.stderr, NO_FRONTMATTER)).toBe(1);
    const listed = await call(apiUrl, "GET", `/registries/${user.username}/skills`, { token: user.token });
    expect(listed.body.skills.find((s: { slug: string }) => s.slug === "harbour-tides")).toMatchObject({
      name: "Harbour Tides",
      description: "Reads the tide tables of a harbour before sailing.",
    });
  });

  it("pushes a plain SKILL.md from stdin, as a new skill and as a new version that keeps the record", async () => {
    const created = await skillsWithInput(author, env, PLAIN.replace("Harbour", "River"), "push", "river-tides", "--from-stdin", "--path", join(author, "river-tides"));
    expect(created.code, created.stderr).toBe(0);
    expect(count(created.stderr, NO_FRONTMATTER)).toBe(1);
    const next = await skillsWithInput(author, env, "# Renamed Heading\n\nOther words.\n", "push", "river-tides", "--from-stdin", "--path", join(author, "river-tides"));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain("Pushed river-tides v1.0.1");
    const listed = await call(apiUrl, "GET", `/registries/${user.username}/skills`, { token: user.token });
    expect(listed.body.skills.find((s: { slug: string }) => s.slug === "river-tides")).toMatchObject({ name: "River Tides", version: "1.0.1" });
  });

  it("syncs the plain skill into another repo byte for byte; validate passes, --strict fails on the warning", async () => {
    const add = await skills(reader, env, "add", "--yes", `${user.username}/harbour-tides`);
    expect(add.code, add.stderr).toBe(0);
    expect(readFileSync(join(reader, ".skills/harbour-tides/SKILL.md"), "utf8")).toBe(PLAIN);

    const validate = await skills(reader, env, "validate", "harbour-tides");
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain(`warning SKILL.md has no frontmatter`);
    expect(validate.stdout).toContain("Run `skills validate --fix`");
    const strict = await skills(reader, env, "validate", "harbour-tides", "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("1 skill with errors or warnings (--strict): harbour-tides.");
  });

  it("validate --fix adds the frontmatter with the registry's description, then --strict passes", async () => {
    const fix = await skills(reader, env, "validate", "harbour-tides", "--fix");
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    expect(fix.stdout).toContain("added frontmatter with `name: harbour-tides` and a `description` from the registry.");
    const fixed = readFileSync(join(reader, ".skills/harbour-tides/SKILL.md"), "utf8");
    expect(fixed).toBe(`---\nname: harbour-tides\ndescription: Reads the tide tables of a harbour before sailing.\n---\n${PLAIN}`);
    expect((await skills(reader, env, "validate", "harbour-tides", "--strict")).code).toBe(0);
    const again = await skills(reader, env, "validate", "harbour-tides", "--fix");
    expect(again.stdout).toContain("Nothing to fix: every SKILL.md has frontmatter.");
  });

  it("validate reports a missing meta.yaml of an installed skill as an error, and a folder being authored needs none", async () => {
    expect((await skills(author, env, "validate", "--path", plainDir)).code).toBe(0);
    rmSync(join(reader, ".skills/harbour-tides/meta.yaml"), { force: true });
    const missing = await skills(reader, env, "validate", "harbour-tides");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("error   meta.yaml is missing (run `skills sync` to write it).");
  });
});
