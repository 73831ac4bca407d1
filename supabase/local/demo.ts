/**
 * `yarn start --demo`: after the platform is up, shows the built CLI working
 * against it: a demo account pushes the example skills of `examples/skills`
 * (one with a reference file, one with an executable script) from one repo,
 * a second repo adds and syncs them. Everything lands in a temp
 * folder; the platform keeps running afterwards. With email confirmation on,
 * the demo follows the link the platform printed, as a user would click it.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "cli/dist/index.js");
// Our own small example skills, so the demo needs nothing outside the repository.
const examples = join(root, "examples/skills");
const DEMO_SKILLS = ["commit-messages", "changelog-entry"];

/**
 * Runs the demo and prints each command with its output. Asynchronous on
 * purpose: the auth emulator lives in this process and must keep serving.
 * @param confirmationLink the latest confirmation link printed for an email, if any.
 * @throws when a CLI command fails (its output is printed first).
 */
export async function runDemo(apiUrl: string, confirmationLink: (email: string) => string | undefined): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "skills-demo-"));
  const env = { ...process.env, SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl, NO_COLOR: "1" };
  const run = (cwd: string, args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { cwd, env, encoding: "utf8" });
  const skills = async (cwd: string, ...args: string[]) => {
    console.log(`\n$ skills ${args.map((a, i) => (args[i - 1] === "--password" ? "********" : a)).join(" ")}`);
    try {
      process.stdout.write((await run(cwd, args)).stdout);
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      process.stdout.write(stdout + stderr);
      throw error;
    }
  };
  const author = join(home, "author-repo");
  const consumer = join(home, "consumer-repo");
  mkdirSync(author);
  mkdirSync(consumer);

  const user = "demo";
  const credentials = ["--email", "demo@example.com", "--password", "demo-password-123"];
  // A restarted platform keeps the demo account: log in when it exists.
  const loggedIn = await run(author, ["login", ...credentials]).then(() => true, () => false);
  if (!loggedIn) {
    await skills(author, "register", ...credentials, "--username", user);
    const link = confirmationLink(credentials[1]!);
    if (link) {
      console.log(`\n(opening the confirmation link for ${credentials[1]})`);
      await fetch(link, { redirect: "manual" });
      await skills(author, "login", ...credentials);
    }
  }
  await skills(author, "init", "--registry", user, "--yes");
  for (const name of DEMO_SKILLS) {
    await skills(author, "push", name, "--path", join(examples, name), "--yes");
  }
  await skills(consumer, "init", "--registry", user, "--yes");
  await skills(consumer, "add", "--yes", ...DEMO_SKILLS.map((s) => `${user}/${s}`));
  await skills(consumer, "list", "--installed");
  await skills(consumer, "sync");
  console.log(`\nDemo repositories are in ${home}`);
}
