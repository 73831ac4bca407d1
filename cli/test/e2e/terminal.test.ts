/**
 * The built CLI on a pseudo-terminal that reports no width, as `script`
 * gives one when nothing sets its size: ora's spinner divides by the width
 * and, with 0, clears lines forever. Commands must still finish.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/fs.ts";

const CLI = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

describe("on a terminal without a width", () => {
  it("a command with a spinner finishes and says what went wrong", async () => {
    const config = join(await tempDir(), "config");
    const run = spawnSync("script", ["-q", "-c", `${process.execPath} ${CLI} search anything`, "/dev/null"], {
      env: { ...process.env, SKILLS_CONFIG_DIR: config, SKILLS_API_URL: "http://127.0.0.1:9/functions/v1/api", SKILLS_TOKEN: "t", NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 20_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(run.error, "killed after 20 s: the spinner never stopped").toBeUndefined();
    expect(run.stdout).toContain("Cannot reach http://127.0.0.1:9/functions/v1/api");
  });
});
