/**
 * The CLI straight from its TypeScript sources (tsx, no build): every
 * command, sync included, is the same module graph the bundle is made of.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createSkill, localPlatform } from "./platform.ts";
import { skillsFromSource } from "./run-cli.ts";

const skillMd = (slug: string) => `---\nname: ${slug}\ndescription: About ${slug}.\n---\n\n# ${slug}\n\nFrom source.\n`;

describe("the CLI run from source", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-src-"));
  const repo = join(home, "repo");
  let me: TestUser;
  let env: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(repo);
    me = await signUp(apiUrl, "src");
    env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl, SKILLS_TOKEN: me.token };
    const files = [{ path: "SKILL.md", content_base64: Buffer.from(skillMd("source-skill")).toString("base64"), executable: false }];
    await createSkill(apiUrl, me, me.username, { slug: "source-skill", version: "1.0.0", files });
  });

  it("prints the dev version", async () => {
    expect(await skillsFromSource(home, env, "--version")).toMatchObject({ code: 0, stdout: "0.0.0-dev\n" });
  });

  it("inits, adds and syncs a skill", async () => {
    const init = await skillsFromSource(repo, env, "init", "--registry", me.username, "--targets", "none", "--yes");
    expect(init.code, init.stderr).toBe(0);
    const add = await skillsFromSource(repo, env, "add", "source-skill");
    expect(add.code, add.stderr).toBe(0);
    expect(readFileSync(join(repo, ".skills/source-skill/SKILL.md"), "utf8")).toBe(skillMd("source-skill"));
    const sync = await skillsFromSource(repo, env, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toBe("Synced 1 skill. 0 updated, 1 unchanged.\n");
    expect(existsSync(join(repo, ".skills.lock"))).toBe(true);
  });
});
