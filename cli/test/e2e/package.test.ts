/**
 * The package as npm ships it: `npm pack` of the built CLI, installed from the
 * tarball into an empty prefix without the network, as a user gets it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/fs.ts";

const CLI_DIR = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(CLI_DIR, "package.json"), "utf8")) as { name: string; version: string; dependencies?: object };

interface Packed {
  filename: string;
  files: { path: string }[];
}

let packed: Packed;
let bin: string;

beforeAll(async () => {
  const out = await tempDir("file");
  packed = (JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: CLI_DIR, encoding: "utf8" })) as [Packed])[0];
  const prefix = join(out, "prefix");
  execFileSync("npm", ["install", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", join(out, packed.filename)], { stdio: "pipe" });
  bin = join(prefix, "node_modules", ".bin");
}, 120_000);

describe("the published package", () => {
  it("ships the bundle, a README and a LICENSE, and no source map", () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "dist/index.js"]));
    expect(paths.filter((p) => p.endsWith(".map"))).toEqual([]);
  });

  it("declares no runtime dependencies: every library is in the bundle", () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("installs offline from its tarball and runs under both of its names", () => {
    for (const name of ["skills", "agent-skills-sync"]) {
      expect(execFileSync(join(bin, name), ["--version"], { encoding: "utf8" }).trim()).toBe(pkg.version);
    }
    expect(execFileSync(join(bin, "agent-skills-sync"), ["--help"], { encoding: "utf8" })).toContain("Usage: skills");
  });
});
