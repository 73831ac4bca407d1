import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseProjectConfig } from "../src/lib/project/config-text.ts";
import { runCli } from "./helpers/cli.ts";
import { tempDir } from "./helpers/fs.ts";

beforeAll(async () => {
  process.env.SKILLS_CONFIG_DIR = join(await tempDir("file"), "config");
  delete process.env.SKILLS_API_URL;
  delete process.env.SKILLS_EMAIL;
  delete process.env.SKILLS_PASSWORD;
});

describe("command arguments", () => {
  it("push without a slug outside a project says to run init (it pushes every modified installed skill)", async () => {
    const run = await runCli(await tempDir(), "push");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Run `skills init` first.");
  });

  it("push --from-stdin needs a slug (exit 2)", async () => {
    const run = await runCli(await tempDir(), "push", "--from-stdin");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--from-stdin and --version need a skill slug (or --path DIR, whose folder name is the slug).");
  });

  it("push with no .skills.yaml and no --registry is a usage error naming the way out", async () => {
    const run = await runCli(await tempDir(), "push", "my-skill");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("No registry to push to: pass --registry, or run `skills init`");
  });

  it("push with --registry but no folder and no .skills.yaml asks for --path", async () => {
    const run = await runCli(await tempDir(), "push", "my-skill", "--registry", "jake");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("No skill folder: pass --path");
  });

  it("rejects an invalid skill slug, version and constraint before doing anything", async () => {
    const dir = await tempDir();
    expect((await runCli(dir, "push", "Bad_Slug")).stderr).toContain("skill slug must be");
    const version = await runCli(dir, "push", "ok-slug", "--version", "1.2");
    expect(version.code).toBe(2);
    expect(version.stderr).toContain('"1.2" is not a semver version');
    const constraint = await runCli(dir, "add", "x-y", "--version", "not a range");
    expect(constraint.code).toBe(2);
    expect(constraint.stderr).toContain("is not a version constraint");
  });

  it("login without an email and no terminal is a usage error, not a hanging prompt", async () => {
    const run = await runCli(await tempDir(), "login", "--api-url", "http://127.0.0.1:9/api");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Missing --email (no terminal to ask for it).");
  });

  it("a word from another package manager names our command (exit 2)", async () => {
    const dir = await tempDir();
    const install = await runCli(dir, "install", "kove-inc/x");
    expect(install.code).toBe(2);
    expect(install.stderr).toContain("unknown command 'install'");
    expect(install.stderr).toContain("Did you mean add? Run `skills add --help`.");
    const upgrade = await runCli(dir, "-q", "upgrade");
    expect(upgrade.stderr).toContain("Did you mean update?");
    const typo = await runCli(dir, "syncc");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Did you mean sync?");
  });

  it("an unknown command or option exits 2", async () => {
    const dir = await tempDir();
    expect((await runCli(dir, "frobnicate")).code).toBe(2);
    expect((await runCli(dir, "sync", "--bogus")).code).toBe(2);
  });

  it("help and version exit 0", async () => {
    const dir = await tempDir();
    const help = await runCli(dir, "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: skills");
    for (const command of ["init", "register", "login", "logout", "whoami", "push", "add", "remove", "list", "search", "sync"]) {
      expect(help.stdout).toContain(command);
    }
    const version = await runCli(dir, "--version");
    expect(version).toMatchObject({ code: 0, stdout: "0.0.0-dev\n" });
  });

  it("sync outside a project says to run init (exit 1)", async () => {
    const run = await runCli(await tempDir(), "sync");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No \.skills\.yaml in .* or above\. Run `skills init` first\./);
    expect(run.stderr).not.toContain("    at ");
  });

  it("an invalid .skills.yaml is reported with its path and problem", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".skills.yaml"), "sources:\n  - {name: a, registry: jake}\nskills:\n  - {slug: x-y, source: b}\n");
    const run = await runCli(dir, "list", "--installed");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.skills.yaml:4: skills[0] (x-y): unknown source "b"');
  });

  it("whoami without a login says to log in", async () => {
    const run = await runCli(await tempDir(), "whoami", "--api-url", "http://127.0.0.1:9/api");
    expect(run).toMatchObject({ code: 1 });
    expect(run.stderr).toContain("Not logged in. Run `skills login` first.");
  });
});

describe("init", () => {
  it("writes .skills.yaml and ignores the install path in git", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".gitignore"), "node_modules");
    const run = await runCli(dir, "init", "--registry", "jake", "--api-url", "http://127.0.0.1:54321/functions/v1/api", "--install-path", "tools/skills/");
    expect(run.code, run.stderr).toBe(0);
    expect(parseProjectConfig(await readFile(join(dir, ".skills.yaml"), "utf8"))).toEqual({
      sources: [{ name: "jake", registry: "jake", url: "http://127.0.0.1:54321/functions/v1/api" }],
      install_path: "tools/skills",
      skills: [],
      targets: [],
      link: false,
    });
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toBe("node_modules\ntools/skills/\n");
    expect(run.stdout).toContain("skills login");
  });

  it("keeps an existing .skills.yaml, its skills and comments, changing only the options given", async () => {
    const dir = await tempDir();
    const url = "http://127.0.0.1:54321/functions/v1/api";
    const mine = `# ours\nsources:\n  - name: jake\n    registry: jake\n    url: ${url}\nskills:\n  - slug: kept-skill # keep me\n    source: jake\n`;
    await writeFile(join(dir, ".skills.yaml"), mine);
    const same = await runCli(dir, "init", "--registry", "jake", "--api-url", url, "--yes");
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain("Kept .skills.yaml (nothing to change; its 1 declared skill stays)");
    expect(await readFile(join(dir, ".skills.yaml"), "utf8")).toBe(mine);
    const moved = await runCli(dir, "init", "--registry", "kove-inc", "--install-path", "tools/skills", "--targets", "claude");
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).not.toContain("Created");
    expect(moved.stdout).toContain(
      `Updated .skills.yaml: added source "kove-inc" (registry kove-inc at ${url}) first; install_path .skills → tools/skills; targets none → claude (its 1 declared skill stays).`,
    );
    const text = await readFile(join(dir, ".skills.yaml"), "utf8");
    expect(text).toContain("# ours");
    expect(text).toContain("- slug: kept-skill # keep me");
    const config = parseProjectConfig(text);
    expect(config.sources.map((s) => s.registry)).toEqual(["kove-inc", "jake"]);
    expect(config).toMatchObject({ install_path: "tools/skills", targets: ["claude"], skills: [{ slug: "kept-skill", source: "jake" }] });
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toBe("tools/skills/\n");
  });

  it("refuses to change an invalid .skills.yaml, naming its problem", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".skills.yaml"), "sources:\n  - name: jake\n    registry: jake\nskills:\n  - slug: x-y\n    source: jake\n    versoin: 1.0.0\n");
    const run = await runCli(dir, "init", "--registry", "jake", "--yes");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.skills.yaml:7: skills[0]: unknown key "versoin" (did you mean "version"?).');
  });

  it("without --registry and no terminal is a usage error", async () => {
    const run = await runCli(await tempDir(), "init");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Missing --registry");
  });

  it("refuses an install path outside the repository", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "sub"));
    const run = await runCli(join(dir, "sub"), "init", "--registry", "jake", "--install-path", "../elsewhere");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("must be a folder inside the repository");
  });
});
