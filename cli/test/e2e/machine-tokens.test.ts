/**
 * Access tokens for CI through the built CLI against the local platform, as
 * the README's CI section uses them: `skills token create` prints the token
 * once, a CI checkout with nothing but `SKILLS_TOKEN` installs what the lock
 * pins and verifies it, `token list` shows the use, and once the token is
 * revoked the same job fails with one line naming it.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, uniqueName, type TestUser } from "../../../supabase/tests/support/api.ts";
import { createOrganization, createSkill, localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";

const skillMd = (slug: string) => `---\nname: ${slug}\ndescription: About ${slug}.\n---\n\n# ${slug}\n\nFollow the steps.\n`;
const upload = (text: string) => ({ path: "SKILL.md", content_base64: Buffer.from(text).toString("base64"), executable: false });

describe("access tokens for CI through the CLI", () => {
  const { apiUrl, dbUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-tokens-"));
  const org = uniqueName("ciorg");
  const slug = uniqueName("lint-rules");
  const name = uniqueName("ci");
  /** The developer's machine: a login and the project. */
  const dev = { SKILLS_CONFIG_DIR: join(home, "dev-config"), SKILLS_API_URL: apiUrl };
  const project = join(home, "project");
  /** The CI runner: a fresh checkout, no login, no installed skills. */
  const checkout = join(home, "checkout");
  const ciConfig = join(home, "ci-config");
  let me: TestUser;
  let token = "";

  beforeAll(async () => {
    me = await signUp(apiUrl, "tokenci");
    await createOrganization(dbUrl, org, me, []);
    await createSkill(apiUrl, me, org, { slug, files: [upload(skillMd(slug))] });
    mkdirSync(project);
    mkdirSync(checkout);
    expect((await skills(home, dev, "login", "--email", me.email, "--password", me.password)).code).toBe(0);
    writeFileSync(
      join(project, ".skills.yaml"),
      `sources:\n  - name: team\n    registry: ${org}\n    url: ${apiUrl}\ninstall_path: .skills\nskills:\n  - slug: ${slug}\n    source: team\n`,
    );
    const sync = await skills(project, dev, "sync", "--yes");
    expect(sync.code, sync.stderr).toBe(0);
    for (const file of [".skills.yaml", ".skills.lock"]) copyFileSync(join(project, file), join(checkout, file));
  });

  const ci = (...args: string[]) => skills(checkout, { SKILLS_CONFIG_DIR: ciConfig, SKILLS_API_URL: apiUrl, SKILLS_TOKEN: token }, ...args);

  it("token create prints the token once, says it will not be shown again and how to use it", async () => {
    const created = await skills(project, dev, "token", "create", "--name", name, "--registry", org, "--read-only");
    expect(created.code, created.stderr).toBe(0);
    const tokens = created.stdout.match(/sks_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(tokens).toHaveLength(1);
    token = tokens[0]!;
    expect(created.stdout).toContain(`Created token "${name}" for ${org}, read-only, expiring `);
    expect(created.stdout).toContain("It will not be shown again.");
    expect(created.stdout).toContain("SKILLS_TOKEN=<the token> skills sync --frozen --yes");

    const listed = await skills(project, dev, "token", "list");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${name}\\s+${org}\\s+read-only\\s+created \\d{4}-\\d{2}-\\d{2}\\s+expires \\d{4}-\\d{2}-\\d{2}\\s+never used$`, "m"));
    expect(listed.stdout).not.toContain(token);
  });

  it("a CI checkout with only SKILLS_TOKEN syncs what the lock pins and verifies it", async () => {
    const sync = await ci("sync", "--frozen", "--yes");
    expect(sync.code, sync.stderr).toBe(0);
    expect(existsSync(join(checkout, ".skills", slug, "SKILL.md"))).toBe(true);
    const verify = await ci("verify");
    expect(verify.code, verify.stderr).toBe(0);

    const listed = JSON.parse((await skills(project, dev, "token", "list", "--json")).stdout);
    const mine = listed.tokens.find((t: { name: string }) => t.name === name);
    expect(mine).toMatchObject({ registries: [org], read_only: true, last_used_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it("a machine token cannot create tokens; bad flags are usage errors", async () => {
    const mint = await ci("token", "create", "--name", uniqueName("child"));
    expect(mint.code).toBe(1);
    expect(mint.stderr).toContain("skills login");
    const long = await skills(project, dev, "token", "create", "--name", uniqueName("long"), "--expires-in", "2y");
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("--expires-in");
  });

  it("a read-only token cannot push, and the refusal points at the token's limits", async () => {
    writeFileSync(join(checkout, ".skills", slug, "SKILL.md"), `${skillMd(slug)}\nEdited in CI.\n`);
    const push = await ci("push", slug, "--yes");
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("SKILLS_TOKEN may be read-only or limited to other registries: `skills token list` shows its limits.");
    const versions = await skills(project, dev, "info", slug, "--json");
    expect(JSON.parse(versions.stdout).versions.map((v: { version: string }) => v.version)).toEqual(["1.0.0"]);
  });

  it("after token revoke, the same job fails with one line naming the token and how to make a new one", async () => {
    const revoked = await skills(project, dev, "token", "revoke", name);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`Revoked token "${name}": it no longer works.\n`);
    const sync = await ci("sync", "--frozen", "--yes");
    expect(sync.code).toBe(1);
    expect(sync.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`^error: The token "${name}" was revoked on \\d{4}-\\d{2}-\\d{2}\\. Create a new one with \`skills token create --name ${name}\` and set SKILLS_TOKEN to it\\.$`),
      ),
    ]);
    const again = await skills(project, dev, "token", "revoke", name);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`You have no token named "${name}"`);
  });
});
