/**
 * init → login → add → sync → edit → push → remove through the CLI (run in
 * process, so it tests `src/` as is) over real HTTP against the local platform
 * on its embedded database, with real files in temp repos. Which requests the
 * CLI sends is read from a pass-through spy on fetch (`requests.ts`).
 */
import { access, appendFile, chmod, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signUp, folderFiles, uniqueName, type TestUser } from "../../../supabase/tests/support/api.ts";
import { sha256Hex } from "../../src/lib/skill/digest.ts";
import { readFolder } from "../../src/lib/skill/folder.ts";
import { parseLockfile } from "../../src/lib/lockfile/text.ts";
import { runCli } from "../helpers/cli.ts";
import { FIXTURES, copyFixture, tempDir } from "../helpers/fs.ts";
import { createOrganization, createSkill, getSkill, localPlatform, publishVersion } from "./platform.ts";
import { watchRequests, type RequestWatch } from "./requests.ts";
import { contents, snapshot } from "./tree.ts";

const exists = (path: string) => access(path).then(() => true, () => false);
const hashesOf = async (dir: string) => [...new Set((await readFolder(dir))!.map((f) => f.sha256))].sort();

describe("skills flows against the local platform", () => {
  const { apiUrl, dbUrl } = localPlatform();
  let jake: TestUser;
  let u: string;
  let repo: string;
  let requests: RequestWatch;
  const configFile = () => join(process.env.SKILLS_CONFIG_DIR!, "config.json");
  const lock = async (dir = repo) => parseLockfile(await readFile(join(dir, ".skills.lock"), "utf8"));
  /** Rewrites the stored session of the API URL, as time or a revoked token would. */
  const editSession = async (change: Record<string, unknown>) => {
    const config = JSON.parse(await readFile(configFile(), "utf8"));
    config.sessions[apiUrl] = { ...config.sessions[apiUrl], ...change };
    await writeFile(configFile(), JSON.stringify(config));
  };
  const storedSession = async () => JSON.parse(await readFile(configFile(), "utf8")).sessions[apiUrl];

  beforeAll(async () => {
    process.env.SKILLS_CONFIG_DIR = join(await tempDir("file"), "config");
    delete process.env.SKILLS_API_URL;
    jake = await signUp(apiUrl, "jake");
    u = jake.username;
    for (const name of ["brand-guidelines", "web-artifacts-builder"]) {
      await createSkill(apiUrl, jake, u, { slug: name, version: "1.0.0", tags: ["fixture"], files: folderFiles(join(FIXTURES, name)) });
    }
    repo = await tempDir("file");
    requests = watchRequests(apiUrl);
  });
  beforeEach(() => {
    requests.clear();
  });
  afterAll(() => {
    requests.stop();
  });

  it("init and login", async () => {
    expect((await runCli(repo, "init", "--registry", u, "--api-url", apiUrl)).code).toBe(0);
    const login = await runCli(repo, "login", "--email", jake.email, "--password", jake.password);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toBe(`Logged in as ${u} (${jake.email}) at ${apiUrl}.\n`);
    const session = await storedSession();
    expect(session.user).toEqual({ id: jake.id, email: jake.email, username: u });
    expect(login.stdout + login.stderr).not.toContain(session.access_token);
    expect((await runCli(repo, "whoami")).stdout).toBe(`${u} (${jake.email}) at ${apiUrl}\n`);
  });

  it("add installs skills byte for byte with exec bits, the meta-skill, the index and the lock, fetching each file once", async () => {
    const add = await runCli(repo, "add", "--yes", `${u}/brand-guidelines`, "web-artifacts-builder");
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added: brand-guidelines (${u} v1.0.0)\nAdded: web-artifacts-builder (${u} v1.0.0)\n`);
    for (const name of ["brand-guidelines", "web-artifacts-builder"]) {
      expect(contents(join(repo, ".skills", name))).toEqual(contents(join(FIXTURES, name)));
    }
    expect(await readFile(join(repo, ".skills/_system/SKILL.md"), "utf8")).toMatch(/^---\nname: skills-system\n/);
    const index = await readFile(join(repo, ".skills/SKILLS_INDEX.md"), "utf8");
    expect(index.indexOf("## _system")).toBeLessThan(index.indexOf("## brand-guidelines"));
    expect(index).toContain("- **Tags:** fixture");
    expect((await lock()).skills.map((s) => [s.slug, s.version, s.source])).toEqual([
      ["brand-guidelines", "1.0.0", u],
      ["web-artifacts-builder", "1.0.0", u],
    ]);
    expect(await readFile(join(repo, ".skills.yaml"), "utf8")).toContain(`  - slug: web-artifacts-builder\n    source: ${u}\n`);
    // The two skills share LICENSE.txt: every distinct file is asked for exactly once.
    const wanted = [...new Set([...(await hashesOf(join(FIXTURES, "brand-guidelines"))), ...(await hashesOf(join(FIXTURES, "web-artifacts-builder")))])].sort();
    expect(requests.blobCalls().flat().sort()).toEqual(wanted);
  });

  it("a warm sync writes no file at all and downloads nothing", async () => {
    const before = snapshot(repo);
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toBe("Synced 2 skills. 0 updated, 2 unchanged.\n");
    expect(snapshot(repo)).toEqual(before);
    expect(requests.blobCalls()).toEqual([]);
  });

  it("a new version downloads only the files it does not have", async () => {
    const changed = Buffer.from("---\nname: brand-guidelines\ndescription: v1.1\n---\n# New\n");
    const files = folderFiles(join(FIXTURES, "brand-guidelines")).map((f) =>
      f.path === "SKILL.md" ? { ...f, content_base64: changed.toString("base64") } : f,
    );
    await publishVersion(apiUrl, jake, u, "brand-guidelines", "1.1.0", files);
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toBe("  updated brand-guidelines 1.0.0 → 1.1.0\nSynced 2 skills. 1 updated, 1 unchanged.\n");
    expect(requests.blobCalls()).toEqual([[sha256Hex(changed)]]);
    expect(await readFile(join(repo, ".skills/brand-guidelines/SKILL.md"))).toEqual(changed);
    expect(contents(join(repo, ".skills/brand-guidelines"))["LICENSE.txt"]).toBe(contents(join(FIXTURES, "brand-guidelines"))["LICENSE.txt"]);
    expect((await lock()).skills[0]!.version).toBe("1.1.0");
  });

  it("a second repo holding a copy of one skill fetches only the files it lacks and ends byte-identical", async () => {
    const second = await tempDir();
    expect((await runCli(second, "init", "--registry", u, "--api-url", apiUrl, "--yes")).code).toBe(0);
    await mkdir(join(second, ".skills"), { recursive: true });
    await cp(join(repo, ".skills/brand-guidelines"), join(second, ".skills/brand-guidelines"), { recursive: true });
    requests.clear();
    const add = await runCli(second, "add", "--yes", "brand-guidelines", "web-artifacts-builder");
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added: brand-guidelines (${u} v1.1.0)\nAdded: web-artifacts-builder (${u} v1.0.0)\n`);
    for (const name of ["brand-guidelines", "web-artifacts-builder"]) {
      expect(contents(join(second, ".skills", name)), name).toEqual(contents(join(repo, ".skills", name)));
    }
    expect((await lock(second)).skills).toEqual((await lock()).skills);
    // brand-guidelines is already there, and LICENSE.txt is read from it rather than downloaded.
    const license = sha256Hex(await readFile(join(FIXTURES, "brand-guidelines/LICENSE.txt")));
    const expected = (await hashesOf(join(FIXTURES, "web-artifacts-builder"))).filter((h) => h !== license);
    expect(requests.blobCalls().flat().sort()).toEqual(expected);
  });

  it("never overwrites local edits without --force, naming the files, and writes nothing", async () => {
    const script = join(repo, ".skills/web-artifacts-builder/scripts/bundle-artifact.sh");
    await appendFile(script, "# local tweak\n");
    await writeFile(join(repo, ".skills/web-artifacts-builder/NOTES.md"), "mine");
    // 1.0.1 changes the folder, so the sync has something to write there.
    const changelog = { path: "CHANGELOG.md", content_base64: Buffer.from("1.0.1\n").toString("base64"), executable: false };
    await publishVersion(apiUrl, jake, u, "web-artifacts-builder", "1.0.1", [...folderFiles(join(FIXTURES, "web-artifacts-builder")), changelog]);
    const before = snapshot(repo);
    const sync = await runCli(repo, "sync");
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain(`web-artifacts-builder (differs from ${u} v1.0.0): modified scripts/bundle-artifact.sh, added NOTES.md`);
    expect(sync.stderr).toContain("skills sync --force");
    expect(snapshot(repo)).toEqual(before);

    const forced = await runCli(repo, "sync", "--force", "--yes");
    expect(forced.code, forced.stderr).toBe(0);
    expect(contents(join(repo, ".skills/web-artifacts-builder"))).toEqual({ ...contents(join(FIXTURES, "web-artifacts-builder")), "CHANGELOG.md": `- ${sha256Hex("1.0.1\n")}` });
  });

  it("keeps local edits while nothing new resolves for the folder, and says nothing is lost", async () => {
    const notes = join(repo, ".skills/brand-guidelines/NOTES.md");
    await writeFile(notes, "kept");
    const lockBefore = await readFile(join(repo, ".skills.lock"), "utf8");
    const sync = await runCli(repo, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(await readFile(notes, "utf8")).toBe("kept");
    expect(await readFile(join(repo, ".skills.lock"), "utf8")).toBe(lockBefore);
    await rm(notes);
  });

  it("an unsatisfiable constraint names the skill and constraint and changes nothing", async () => {
    const before = snapshot(repo);
    const add = await runCli(repo, "add", "brand-guidelines", "--version", ">=9.0.0");
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(`brand-guidelines: no version matches ">=9.0.0" in ${u}`);
    expect(snapshot(repo)).toEqual(before);
  });

  it("add of an unknown skill says where it looked", async () => {
    const add = await runCli(repo, "add", "no-such-skill");
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(`Skill "no-such-skill" not found in ${u}. Run \`skills search no-such-skill\``);
  });

  it("push of the installed copy publishes the next patch and updates the lock without rewriting the folder", async () => {
    const folder = join(repo, ".skills/brand-guidelines");
    await appendFile(join(folder, "SKILL.md"), "\nMore guidance.\n");
    await writeFile(join(folder, ".modified"), "");
    const push = await runCli(repo, "push", "brand-guidelines", "--changelog", "more");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toBe(`Pushed brand-guidelines v1.1.1 to ${u}\n`);
    expect(await exists(join(folder, ".modified"))).toBe(false);
    const entry = (await lock()).skills.find((s) => s.slug === "brand-guidelines")!;
    expect(entry.version).toBe("1.1.1");
    const pushed = await getSkill(apiUrl, jake, u, "brand-guidelines");
    expect(pushed.version).toBe("1.1.1");
    expect(pushed.digest).toBe(entry.digest);
    expect(pushed.files.map((f: { path: string }) => f.path).sort()).toEqual(Object.keys(entry.files).sort());
    expect(pushed.content).toContain("More guidance.");

    // The next sync downloads nothing and only brings the index up to the pushed version.
    requests.clear();
    const sync = await runCli(repo, "sync");
    expect(sync.stdout).toBe("Synced 2 skills. 0 updated, 2 unchanged.\n");
    expect(requests.blobCalls()).toEqual([]);
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
    const push = await runCli(repo, "push", "webapp-testing", "--path", dir, "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toBe(`Pushed webapp-testing v1.0.0 to ${u} (new skill)\n`);
    const stored = await getSkill(apiUrl, jake, u, "webapp-testing");
    expect(stored).toMatchObject({ version: "1.0.0", tags: ["testing", "playwright"], compat: ["claude-code"] });
    const local = (await readFolder(dir))!;
    expect(stored.files.map((f: { path: string; sha256: string; executable: boolean }) => [f.path, f.sha256, f.executable]).sort()).toEqual(
      local.map((f) => [f.path, f.sha256, f.executable]).sort(),
    );
  });

  it("push refuses a folder whose SKILL.md name differs from the slug", async () => {
    const dir = await copyFixture("brand-guidelines", join(await tempDir(), "renamed"));
    const push = await runCli(repo, "push", "renamed", "--path", dir);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('renamed is not a valid skill; nothing was published:\n  - SKILL.md `name` "brand-guidelines" must equal the skill\'s folder name and slug "renamed".');
  });

  it("push to an organization where the user is only a member says so and changes nothing", async () => {
    const admin = await signUp(apiUrl, "admin");
    const org = uniqueName("org");
    await createOrganization(dbUrl, org, admin, [{ user: jake, role: "member" }]);
    await createSkill(apiUrl, admin, org, { slug: "brand-guidelines", files: folderFiles(join(FIXTURES, "brand-guidelines")) });
    const lockBefore = await readFile(join(repo, ".skills.lock"), "utf8");

    const push = await runCli(repo, "push", "brand-guidelines", "--registry", org, "--version", "2.0.0");
    expect(push.code).toBe(1);
    expect(push.stderr).toContain(`You don't have write access to ${org}/brand-guidelines. Contact a registry admin.`);
    expect((await getSkill(apiUrl, admin, org, "brand-guidelines")).version).toBe("1.0.0");

    const create = await runCli(repo, "push", "web-artifacts-builder", "--registry", org, "--yes");
    expect(create.code).toBe(1);
    expect(create.stderr).toContain(`You don't have write access to ${org}/web-artifacts-builder. Contact a registry admin.`);
    expect(await readFile(join(repo, ".skills.lock"), "utf8")).toBe(lockBefore);
  });

  it("list shows the registry's skills and list --installed the locked ones", async () => {
    const list = await runCli(repo, "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${u}:\\n  brand-guidelines +v1\\.1\\.1 `));
    expect(list.stdout).toMatch(/\n  webapp-testing +v1\.0\.0 /);
    const installed = await runCli(repo, "list", "--installed");
    expect(installed.stdout).toBe(
      `brand-guidelines       ${u}  v1.1.1  (locked)\nweb-artifacts-builder  ${u}  v1.0.1  (locked)\n`,
    );
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

  describe("the stored session", () => {
    it("is refreshed before use when it is about to expire, and the new one is kept", async () => {
      const old = await storedSession();
      await editSession({ expires_at: Math.floor(Date.now() / 1000) - 5 });
      const who = await runCli(repo, "whoami");
      expect(who.code, who.stderr).toBe(0);
      expect(who.stdout).toBe(`${u} (${jake.email}) at ${apiUrl}\n`);
      expect(requests.lines()).toEqual(["POST /auth/refresh", "GET /me"]);
      const renewed = await storedSession();
      expect(renewed.refresh_token).not.toBe(old.refresh_token);
      expect(renewed.expires_at).toBeGreaterThan(Date.now() / 1000 + 60);
    });

    it("is refreshed once when the server refuses its token, and the command retried", async () => {
      const old = await storedSession();
      await editSession({ access_token: "revoked" });
      const sync = await runCli(repo, "sync");
      expect(sync.code, sync.stderr).toBe(0);
      expect(sync.stdout).toBe("Synced 1 skill. 0 updated, 1 unchanged.\n");
      expect(requests.lines()).toEqual(["POST /sync", "POST /auth/refresh", "POST /sync"]);
      const renewed = await storedSession();
      expect(renewed.access_token).not.toBe("revoked");
      expect(renewed.refresh_token).not.toBe(old.refresh_token);
      expect((await runCli(repo, "whoami")).code).toBe(0);
    });

    it("is forgotten when the server refuses its refresh too, with a message to log in again", async () => {
      await editSession({ access_token: "revoked", refresh_token: "stolen" });
      const before = snapshot(repo);
      const sync = await runCli(repo, "sync");
      expect(sync.code).toBe(1);
      expect(sync.stderr).toContain("Your session has expired. Run `skills login` again.");
      expect(sync.stderr).not.toMatch(/\n\s+at /);
      expect(await storedSession()).toBeUndefined();
      expect(snapshot(repo)).toEqual(before);
      expect((await runCli(repo, "whoami")).stderr).toContain("Not logged in. Run `skills login` first.");

      const login = await runCli(repo, "login", "--email", jake.email, "--password", jake.password);
      expect(login.code, login.stderr).toBe(0);
    });
  });

  it("logout forgets the session", async () => {
    expect((await runCli(repo, "logout")).stdout).toBe(`Logged out of ${apiUrl}.\n`);
    expect((await runCli(repo, "sync")).stderr).toContain("Not logged in. Run `skills login` first.");
  });
});
