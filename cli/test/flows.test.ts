/**
 * init → login → add → sync → edit → push → remove through the CLI, over
 * real HTTP against the fake API and real files in a temp repo.
 */
import { access, appendFile, chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../src/lib/digest.ts";
import { readFolder } from "../src/lib/folder.ts";
import { parseLockfile } from "../src/lib/lockfile.ts";
import { runCli } from "./helpers/cli.ts";
import { seed, startFakeApi, type FakeApi } from "./helpers/fake-api.ts";
import { FIXTURES, copyFixture, tempDir } from "./helpers/fs.ts";
import { contents, snapshot } from "./e2e/tree.ts";

const exists = (path: string) => access(path).then(() => true, () => false);

describe("skills flows against an API", () => {
  let api: FakeApi;
  let repo: string;
  const lock = async () => parseLockfile(await readFile(join(repo, ".skills.lock"), "utf8"));

  beforeAll(async () => {
    process.env.SKILLS_CONFIG_DIR = join(await tempDir("file"), "config");
    delete process.env.SKILLS_API_URL;
    api = await startFakeApi();
    for (const name of ["brand-guidelines", "web-artifacts-builder"]) {
      seed(api, "jake", name, "1.0.0", (await readFolder(join(FIXTURES, name)))!, { tags: ["fixture"] });
    }
    repo = await tempDir("file");
  });
  afterAll(async () => {
    await api.close();
  });

  it("init and login", async () => {
    expect((await runCli(repo, "init", "--registry", "jake", "--api-url", api.url)).code).toBe(0);
    const login = await runCli(repo, "login", "--email", "jake@example.com", "--password", "secret");
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toBe(`Logged in as jake (jake@example.com) at ${api.url}.\n`);
    const config = await readFile(join(process.env.SKILLS_CONFIG_DIR!, "config.json"), "utf8");
    expect(login.stdout + login.stderr).not.toContain(JSON.parse(config).sessions[api.url].access_token);
    expect((await runCli(repo, "whoami")).stdout).toBe(`jake (jake@example.com) at ${api.url}\n`);
  });

  it("add installs skills byte for byte with exec bits, the meta-skill, the index and the lock", async () => {
    const add = await runCli(repo, "add", "jake/brand-guidelines", "web-artifacts-builder");
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain("Added: brand-guidelines (jake v1.0.0)\nAdded: web-artifacts-builder (jake v1.0.0)\n");
    for (const name of ["brand-guidelines", "web-artifacts-builder"]) {
      expect(contents(join(repo, ".skills", name))).toEqual(contents(join(FIXTURES, name)));
    }
    expect(await readFile(join(repo, ".skills/_system/SKILL.md"), "utf8")).toMatch(/^---\nname: skills-system\n/);
    const index = await readFile(join(repo, ".skills/SKILLS_INDEX.md"), "utf8");
    expect(index.indexOf("## _system")).toBeLessThan(index.indexOf("## brand-guidelines"));
    expect(index).toContain("- **Tags:** fixture");
    expect((await lock()).skills.map((s) => [s.slug, s.version, s.source])).toEqual([
      ["brand-guidelines", "1.0.0", "jake"],
      ["web-artifacts-builder", "1.0.0", "jake"],
    ]);
    expect(await readFile(join(repo, ".skills.yaml"), "utf8")).toContain("  - slug: web-artifacts-builder\n    source: jake\n");
  });

  it("a warm sync writes no file at all and downloads nothing", async () => {
    const before = snapshot(repo);
    const blobCalls = api.blobCalls.length;
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toBe("Synced 2 skills. 0 updated, 2 unchanged.\n");
    expect(snapshot(repo)).toEqual(before);
    expect(api.blobCalls.length).toBe(blobCalls);
  });

  it("a new version downloads only the files it does not have", async () => {
    const files = (await readFolder(join(FIXTURES, "brand-guidelines")))!;
    const changed = Buffer.from("---\nname: brand-guidelines\ndescription: v1.1\n---\n# New\n");
    seed(api, "jake", "brand-guidelines", "1.1.0", files.map((f) => (f.path === "SKILL.md" ? { ...f, bytes: changed } : f)));
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toBe("  updated brand-guidelines 1.0.0 → 1.1.0\nSynced 2 skills. 1 updated, 1 unchanged.\n");
    expect(api.blobCalls.at(-1)).toEqual([sha256Hex(changed)]);
    expect(await readFile(join(repo, ".skills/brand-guidelines/SKILL.md"))).toEqual(changed);
    expect((await lock()).skills[0]!.version).toBe("1.1.0");
  });

  it("never overwrites local edits without --force, naming the files, and writes nothing", async () => {
    const script = join(repo, ".skills/web-artifacts-builder/scripts/bundle-artifact.sh");
    await appendFile(script, "# local tweak\n");
    await writeFile(join(repo, ".skills/web-artifacts-builder/NOTES.md"), "mine");
    seed(api, "jake", "web-artifacts-builder", "1.0.1", (await readFolder(join(FIXTURES, "web-artifacts-builder")))!);
    const before = snapshot(repo);
    const sync = await runCli(repo, "sync");
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain("web-artifacts-builder (differs from jake v1.0.0): modified scripts/bundle-artifact.sh, added NOTES.md");
    expect(sync.stderr).toContain("skills sync --force");
    expect(snapshot(repo)).toEqual(before);

    const forced = await runCli(repo, "sync", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(contents(join(repo, ".skills/web-artifacts-builder"))).toEqual(contents(join(FIXTURES, "web-artifacts-builder")));
  });

  it("an unsatisfiable constraint names the skill and constraint and changes nothing", async () => {
    const before = snapshot(repo);
    const add = await runCli(repo, "add", "brand-guidelines", "--version", ">=9.0.0");
    expect(add.code).toBe(1);
    expect(add.stderr).toContain('brand-guidelines: no version matches ">=9.0.0" in jake');
    expect(snapshot(repo)).toEqual(before);
  });

  it("add of an unknown skill says where it looked", async () => {
    const add = await runCli(repo, "add", "no-such-skill");
    expect(add.code).toBe(1);
    expect(add.stderr).toContain('Skill "no-such-skill" not found in jake. Run `skills search no-such-skill`');
  });

  it("push of the installed copy publishes the next patch and updates the lock without rewriting the folder", async () => {
    const folder = join(repo, ".skills/brand-guidelines");
    await appendFile(join(folder, "SKILL.md"), "\nMore guidance.\n");
    await writeFile(join(folder, ".modified"), "");
    const push = await runCli(repo, "push", "brand-guidelines", "--changelog", "more");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toBe("Pushed brand-guidelines v1.1.1 to jake\n");
    expect(await exists(join(folder, ".modified"))).toBe(false);
    const entry = (await lock()).skills.find((s) => s.slug === "brand-guidelines")!;
    expect(entry.version).toBe("1.1.1");
    const pushed = api.skills.get("jake/brand-guidelines")!.versions.at(-1)!;
    expect(pushed.files.map((f) => f.path).sort()).toEqual(Object.keys(entry.files).sort());

    // The next sync downloads nothing and only brings the index up to the pushed version.
    const blobCalls = api.blobCalls.length;
    const sync = await runCli(repo, "sync");
    expect(sync.stdout).toBe("Synced 2 skills. 0 updated, 2 unchanged.\n");
    expect(api.blobCalls.length).toBe(blobCalls);
    expect(await readFile(join(repo, ".skills/SKILLS_INDEX.md"), "utf8")).toContain("- **Version:** 1.1.1");
    const before = snapshot(repo);
    expect((await runCli(repo, "sync")).code).toBe(0);
    expect(snapshot(repo)).toEqual(before);
  });

  it("push of a new skill from a folder creates it at 1.0.0 with every file and its metadata", async () => {
    const dir = await copyFixture("webapp-testing", join(await tempDir(), "webapp-testing"));
    await chmod(join(dir, "SKILL.md"), 0o644);
    const text = await readFile(join(dir, "SKILL.md"), "utf8");
    await writeFile(join(dir, "SKILL.md"), text.replace("license:", "metadata:\n  tags: testing, playwright\n  compat: claude-code\nlicense:"));
    const push = await runCli(repo, "push", "webapp-testing", "--path", dir);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toBe("Pushed webapp-testing v1.0.0 to jake (new skill)\n");
    const stored = api.skills.get("jake/webapp-testing")!;
    expect(stored).toMatchObject({ tags: ["testing", "playwright"], compat: ["claude-code"] });
    expect(stored.versions[0]!.files.length).toBe((await readFolder(dir))!.length);
  });

  it("push refuses a folder whose SKILL.md name differs from the slug", async () => {
    const dir = await copyFixture("brand-guidelines", join(await tempDir(), "renamed"));
    const push = await runCli(repo, "push", "renamed", "--path", dir);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('is named "brand-guidelines", but the skill slug is "renamed"');
  });

  it("push without write access says so", async () => {
    api.writable = new Set();
    const push = await runCli(repo, "push", "brand-guidelines", "--version", "2.0.0");
    api.writable = null;
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("You don't have write access to jake/brand-guidelines. Contact a registry admin.");
  });

  it("list shows the registry's skills and list --installed the locked ones", async () => {
    const list = await runCli(repo, "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^jake:\n  brand-guidelines +v1\.1\.1 /);
    const installed = await runCli(repo, "list", "--installed");
    expect(installed.stdout).toBe("brand-guidelines       jake  v1.1.1  (locked)\nweb-artifacts-builder  jake  v1.0.1  (locked)\n");
  });

  it("remove deletes the folder, its lock entry and its index section", async () => {
    const remove = await runCli(repo, "remove", "web-artifacts-builder");
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toBe("Removed: web-artifacts-builder\n");
    expect(await exists(join(repo, ".skills/web-artifacts-builder"))).toBe(false);
    expect((await lock()).skills.map((s) => s.slug)).toEqual(["brand-guidelines"]);
    expect(await readFile(join(repo, ".skills/SKILLS_INDEX.md"), "utf8")).not.toContain("web-artifacts-builder");
    expect(await readFile(join(repo, ".skills.yaml"), "utf8")).not.toContain("web-artifacts-builder");
    expect((await runCli(repo, "remove", "web-artifacts-builder")).stderr).toContain("Not in .skills.yaml: web-artifacts-builder");
  });

  it("logout forgets the session", async () => {
    expect((await runCli(repo, "logout")).stdout).toBe(`Logged out of ${api.url}.\n`);
    expect((await runCli(repo, "sync")).stderr).toContain("Not logged in. Run `skills login` first.");
  });
});
