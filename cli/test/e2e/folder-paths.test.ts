/**
 * A folder holding README.md and readme.md (two files on Linux, one on macOS
 * and Windows): `skills validate` reports it as an error and `skills push`
 * refuses it with one line naming both paths, before sending any request,
 * in-process and as the built CLI.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fs.ts";
import { localPlatform } from "./platform.ts";
import { watchRequests, type RequestWatch } from "./requests.ts";
import { skills } from "./run-cli.ts";

const CLASH = '"README.md" and "readme.md" differ only in letter case or Unicode normalization; macOS and Windows store them as one.';

describe("validate and push refuse file names some machine cannot write side by side", () => {
  const { apiUrl } = localPlatform();
  let jake: TestUser;
  let repo: string;
  let dir: string;
  let configDir: string;
  let requests: RequestWatch;

  beforeAll(async () => {
    configDir = join(await tempDir("file"), "config");
    process.env.SKILLS_CONFIG_DIR = configDir;
    delete process.env.SKILLS_API_URL;
    jake = await signUp(apiUrl, "jake");
    repo = await tempDir("file");
    expect((await runCli(repo, "init", "--registry", jake.username, "--api-url", apiUrl)).code).toBe(0);
    expect((await runCli(repo, "login", "--email", jake.email, "--password", jake.password)).code).toBe(0);
    dir = join(await tempDir("file"), "two-readmes");
    await mkdir(dir);
    await writeFile(join(dir, "SKILL.md"), "---\nname: two-readmes\ndescription: Two readmes.\n---\n\n# Two readmes\n");
    await writeFile(join(dir, "README.md"), "upper\n");
    await writeFile(join(dir, "readme.md"), "lower\n");
    requests = watchRequests(apiUrl);
  });
  beforeEach(() => requests.clear());
  afterAll(() => requests.stop());

  it("validate reports it as an error and exits 1", async () => {
    const run = await runCli(repo, "validate", "--path", dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`error   ${CLASH}`);
  });

  it("push refuses it before any request, also with --skip-validation, and nothing is published", async () => {
    for (const flags of [[], ["--skip-validation"]]) {
      const push = await runCli(repo, "push", "two-readmes", "--path", dir, "--yes", ...flags);
      expect(push.code, flags.join(" ")).toBe(1);
      expect(push.stderr).toContain(`two-readmes: ${CLASH} The registry refuses`);
      expect(push.stderr).toContain("Nothing was published.");
      expect(requests.lines()).toEqual([]);
    }
    expect((await call(apiUrl, "GET", `/registries/${jake.username}/skills/two-readmes`, { token: jake.token })).status).toBe(404);
  });

  it("the built CLI says the same", async () => {
    const env = { SKILLS_CONFIG_DIR: configDir, SKILLS_API_URL: apiUrl };
    const validate = await skills(repo, env, "validate", "--path", dir);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(CLASH);
    const push = await skills(repo, env, "push", "two-readmes", "--path", dir, "--yes");
    expect(push.code).toBe(1);
    expect(push.stderr).toContain(CLASH);
    expect((await call(apiUrl, "GET", `/registries/${jake.username}/skills/two-readmes`, { token: jake.token })).status).toBe(404);
  });
});
