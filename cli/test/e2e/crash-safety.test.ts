/**
 * Crash safety: `skills sync` killed with SIGKILL at
 * random moments, 24 times, while it moves four real skills (and their
 * `.claude/skills` copies) between two versions. After every kill each skill
 * folder is the old version or the new one, never a mix (a folder moved
 * aside mid-swap counts, as the next run puts it back), and a rerun repairs
 * everything: exit 0, the new versions installed, `skills verify` clean.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { folderFiles, signUp } from "../../../supabase/tests/support/api.ts";
import { scanFolder } from "../../src/lib/skill/folder.ts";
import { FIXTURES } from "../helpers/fs.ts";
import { createSkill, localPlatform, publishVersion } from "./platform.ts";
import { skills } from "./run-cli.ts";

const CLI = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const NAMES = ["brand-guidelines", "canvas-design", "skill-creator", "web-artifacts-builder"];
const KILLS = 24;

describe("sync killed at random moments", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-crash-"));
  const repo = join(home, "repo");
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  /** The two digests each skill may have, by version. */
  const digests = new Map<string, Record<string, string>>();

  const declare = (version: string) => {
    const text = readFileSync(join(repo, ".skills.yaml"), "utf8").replace(/version: .*/g, `version: "${version}"`);
    writeFileSync(join(repo, ".skills.yaml"), text);
  };

  /** The version a folder holds, or why it holds neither. */
  const versionIn = async (dir: string, name: string): Promise<string> => {
    const folder = await scanFolder(dir).catch((e) => ({ digest: `unreadable: ${e}` }));
    const digest = folder?.digest;
    const known = digests.get(name)!;
    return Object.keys(known).find((v) => known[v] === digest) ?? `neither (${digest ?? "missing"})`;
  };

  /** Each folder (or the folder moved aside, when the swap was cut) holds one whole version. */
  const checkInvariant = async (parent: string) => {
    const entries = readdirSync(parent);
    for (const name of NAMES) {
      const aside = entries.find((e) => e.startsWith(`.old-${name}-`));
      const where = entries.includes(name) ? join(parent, name) : aside ? join(parent, aside) : undefined;
      if (!where) continue; // not created yet: the first sync of the test leaves none missing
      expect(["1.0.0", "2.0.0"], `${parent}/${name}`).toContain(await versionIn(where, name));
    }
  };

  beforeAll(async () => {
    const user = await signUp(apiUrl, "crash");
    for (const name of NAMES) {
      const v1 = folderFiles(join(FIXTURES, name));
      const v2 = v1.map((f) => (f.path === "SKILL.md" ? { ...f, content_base64: Buffer.concat([Buffer.from(f.content_base64, "base64"), Buffer.from("\nVersion two.\n")]).toString("base64") } : f));
      v2.push({ path: "references/v2.md", content_base64: Buffer.from("new in v2\n").toString("base64"), executable: false });
      await createSkill(apiUrl, user, user.username, { slug: name, version: "1.0.0", files: v1 });
      await publishVersion(apiUrl, user, user.username, name, "2.0.0", v2);
    }
    await skills(home, env, "login", "--email", user.email, "--password", user.password);
    await skills(home, env, "init", "--registry", user.username, "--targets", "claude", "--yes");
    // init ran in home: move the project into repo.
    const { mkdirSync, renameSync } = await import("node:fs");
    mkdirSync(repo);
    renameSync(join(home, ".skills.yaml"), join(repo, ".skills.yaml"));
    const add = await skills(repo, env, "add", "--yes", "--version", "1.0.0", ...NAMES);
    expect(add.code, add.stderr).toBe(0);
    for (const name of NAMES) digests.set(name, { "1.0.0": (await scanFolder(join(repo, ".skills", name)))!.digest });
    declare("2.0.0");
    expect((await skills(repo, env, "sync", "--yes")).code).toBe(0);
    for (const name of NAMES) digests.get(name)!["2.0.0"] = (await scanFolder(join(repo, ".skills", name)))!.digest;
  });

  it(`leaves every folder old or new and a rerun repairs it, ${KILLS} kills`, async () => {
    // How long an uninterrupted sync between the versions takes, to spread the kills over it.
    declare("1.0.0");
    let start = Date.now();
    expect((await skills(repo, env, "sync", "--yes")).code).toBe(0);
    const duration = Date.now() - start;
    let target = "2.0.0";
    for (let i = 0; i < KILLS; i++) {
      declare(target);
      const delay = Math.floor(Math.random() * duration * 1.2);
      const child = spawn(process.execPath, [CLI, "sync", "--yes"], { cwd: repo, env: { ...process.env, ...env, NO_COLOR: "1" }, stdio: "ignore" });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      await exited;
      clearTimeout(timer);
      await checkInvariant(join(repo, ".skills"));
      await checkInvariant(join(repo, ".claude/skills"));
      start = Date.now();
      const rerun = await skills(repo, env, "sync", "--yes");
      expect(rerun.code, `kill ${i} after ${delay} ms: ${rerun.stderr}`).toBe(0);
      for (const name of NAMES) {
        expect(await versionIn(join(repo, ".skills", name), name)).toBe(target);
        expect(await versionIn(join(repo, ".claude/skills", name), name)).toBe(target);
      }
      const verify = await skills(repo, env, "verify");
      expect(verify.code, verify.stderr).toBe(0);
      expect(readdirSync(join(repo, ".skills")).filter((e) => e.startsWith(".tmp-") || e.startsWith(".old-"))).toEqual([]);
      target = target === "2.0.0" ? "1.0.0" : "2.0.0";
    }
  });
});
