import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../src/lib/lockfile/text.ts";
import type { Lockfile } from "../src/lib/lockfile/lockfile.ts";
import { loadProject } from "../src/lib/project/project.ts";
import { parseProjectConfig } from "../src/lib/project/config-text.ts";
import { parseKey, writeParseCache, type ParseCache } from "../src/lib/project/parse-cache.ts";
import { tempDir } from "./helpers/fs.ts";

const configText = "sources:\n  - name: org\n    registry: kove-inc\ninstall_path: .skills\nskills:\n  - slug: alpha\n    source: org\n";
const lock: Lockfile = {
  lockfile_version: 1,
  locked_at: "2026-01-01T00:00:00Z",
  skills: [{ slug: "alpha", registry: "kove-inc", source: "org", version: "1.0.0", sha256: "b".repeat(64), digest: `sha256:${"a".repeat(64)}`, files: { "SKILL.md": "b".repeat(64) }, executable: [] }],
};

/** A project folder with both files and a parse cache holding `parsed`. */
async function projectWith(parsed: ParseCache): Promise<string> {
  const root = await tempDir();
  await writeFile(join(root, ".skills.yaml"), configText);
  await writeFile(join(root, ".skills.lock"), serializeLockfile(lock));
  await mkdir(join(root, ".skills"));
  await writeParseCache(join(root, ".skills"), parsed);
  return root;
}

describe("loading a project", () => {
  it("parses both files when the cache holds no parse of them", async () => {
    const root = await projectWith({});
    const project = await loadProject(root);
    expect(project.config).toEqual(parseProjectConfig(configText));
    expect(project.lock).toEqual(lock);
  });

  it("takes a file's parse from the cache only when it was made from the same text", async () => {
    const marked = { ...parseProjectConfig(configText), link: true };
    const stale = await projectWith({ config: { key: parseKey(`${configText}# edited\n`), value: marked } });
    expect((await loadProject(stale)).config.link).toBe(false);
    const fresh = await projectWith({ config: { key: parseKey(configText), value: marked } });
    expect((await loadProject(fresh)).config.link).toBe(true);
  });

  it("never takes a cached config that names another install path than the file", async () => {
    const elsewhere = { ...parseProjectConfig(configText), install_path: "vendor/skills" };
    const root = await projectWith({ config: { key: parseKey(configText), value: elsewhere } });
    expect((await loadProject(root)).config.install_path).toBe(".skills");
  });
});
