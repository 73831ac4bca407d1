/**
 * The import map `supabase functions deploy` ships (supabase/functions/deno.json)
 * against what the Node tests run: the same package versions, and nothing
 * that ties the deployed bundle to a node_modules folder it does not have.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const config = JSON.parse(readFileSync(new URL("../../functions/deno.json", import.meta.url), "utf8")) as {
  imports: Record<string, string>;
  [key: string]: unknown;
};
// Looked up from the supabase workspace, as Node resolves the functions' imports in the tests
// (the package's own package.json: some packages' exports map that path elsewhere).
const require = createRequire(new URL("../../package.json", import.meta.url));
function installedVersion(name: string): string | undefined {
  const file = (require.resolve.paths(name) ?? []).map((dir) => `${dir}/${name}/package.json`).find((f) => existsSync(f));
  return file ? (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version : undefined;
}

describe("supabase/functions/deno.json", () => {
  it("leaves node_modules out: the edge runtime's bundler would resolve npm: packages from a folder a deploy does not ship", () => {
    expect(config).not.toHaveProperty("nodeModulesDir");
    expect(config).not.toHaveProperty("vendor");
  });

  it("maps every import to an exact npm version, the one installed from yarn.lock", () => {
    const entries = Object.entries(config.imports);
    expect(entries.length).toBeGreaterThan(0);
    for (const [specifier, target] of entries) {
      const match = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/?$/.exec(target);
      expect(match, `${specifier} → ${target}`).not.toBeNull();
      const [, name, version] = match!;
      expect(specifier.replace(/\/$/, ""), target).toBe(name);
      expect(version, `${name} must be pinned exactly`).toMatch(/^\d+\.\d+\.\d+$/);
      const installed = installedVersion(name!);
      expect(version, `${name}: deno.json pins ${version}, yarn.lock installed ${installed}`).toBe(installed);
    }
  });
});
