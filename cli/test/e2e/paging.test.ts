/**
 * Listings past one page (the API returns at most 100 skills a page with a
 * `next_cursor`): `skills list` and `skills search` through the built CLI
 * show every skill, not just the first page.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";

/** More than the server's page size (100). */
const COUNT = 112;

describe("list and search across more than one page", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-paging-"));
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  const run = (...args: string[]) => skills(home, env, ...args);
  // A word no other test's skill carries, so search hits exactly these.
  const word = `quokka${Date.now().toString(36)}`;
  const slugs = Array.from({ length: COUNT }, (_, i) => `paged-${String(i).padStart(3, "0")}`);
  let user: TestUser;

  beforeAll(async () => {
    user = await signUp(apiUrl, "pager");
    // A few requests at a time: fast, without flooding a two-core machine.
    const queue = [...slugs];
    const worker = async () => {
      for (let slug = queue.shift(); slug; slug = queue.shift()) {
        // The SKILL.md frontmatter's description is the skill's, so the search word goes there.
        const skillMd = `---\nname: ${slug}\ndescription: Paging test ${word} ${slug}\n---\n\n# ${slug}\n`;
        const body = { slug, name: slug, files: [{ path: "SKILL.md", content_base64: Buffer.from(skillMd).toString("base64"), executable: false }] };
        const res = await call(apiUrl, "POST", `/registries/${user.username}/skills`, { token: user.token, body });
        if (res.status !== 201) throw new Error(`create ${slug}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    // The API itself pages: the first page is full and points to the next.
    const first = await call(apiUrl, "GET", `/registries/${user.username}/skills`, { token: user.token });
    expect(first.body.skills).toHaveLength(100);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const login = await run("login", "--email", user.email, "--password", user.password);
    expect(login.code, login.stderr).toBe(0);
  }, 180_000);

  it("list shows every skill of the registry (text and --json)", async () => {
    const text = await run("list");
    expect(text.code, text.stderr).toBe(0);
    const rows = text.stdout.split("\n").filter((l) => l.startsWith("  paged-"));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(slugs);
    const json = await run("list", "--json");
    expect(json.code, json.stderr).toBe(0);
    const { registries } = JSON.parse(json.stdout);
    expect(registries).toHaveLength(1);
    expect(registries[0].skills.map((s: { slug: string }) => s.slug)).toEqual(slugs);
  });

  it("search shows every match (text and --json)", async () => {
    const json = await run("search", word, "--json");
    expect(json.code, json.stderr).toBe(0);
    const { results } = JSON.parse(json.stdout);
    expect(results.map((r: { slug: string }) => r.slug).sort()).toEqual(slugs);
    expect(results.every((r: { registry: string }) => r.registry === user.username)).toBe(true);
    const text = await run("search", word);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.trimEnd().split("\n")).toHaveLength(COUNT);
    expect(text.stdout).toContain(`${user.username}/paged-111`);
  });
});
