import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STATE_FILE, STAT_CACHE_FILE, readState, readStatCache, writeState, writeStatCache } from "../src/lib/project/state.ts";
import { tempDir } from "./helpers/fs.ts";

const digest = `sha256:${"a".repeat(64)}`;
const entry = { size: 3, mtimeMs: 1, ctimeMs: 1, ino: 7, executable: false, sha256: "b".repeat(64) };
const owned = { ".claude/skills/alpha": { slug: "alpha", digest, link: false } };

/** An install folder holding `text` as its state file. */
async function withState(text: string): Promise<string> {
  const dir = await tempDir();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, STATE_FILE), text);
  return dir;
}

describe("the local state", () => {
  it("round-trips, stamped when written, without the stat entries, which have a file of their own", async () => {
    const dir = await tempDir();
    const meta = { ".skills/alpha": { key: "k", size: 120, mtimeMs: 1, ino: 2 } };
    const state = { version: 3 as const, writtenAt: 0, targets: owned, digests: { ".skills/alpha": digest }, meta };
    await writeState(dir, state);
    expect(state.writtenAt).toBeGreaterThan(0);
    expect(readState(dir)).toEqual(state);
    expect(await readFile(join(dir, STATE_FILE), "utf8")).not.toContain(entry.sha256);
    await writeStatCache(dir, { ".skills/alpha": { "SKILL.md": entry } });
    const stats = readStatCache(dir);
    expect(stats.folders).toEqual({ ".skills/alpha": { "SKILL.md": entry } });
    expect(stats.writtenAt).toBeGreaterThanOrEqual(state.writtenAt);
  });

  it("keeps the ownership records and folder digests of a version 2 state, and the ownership of a version 1 state", async () => {
    const v2 = await withState(JSON.stringify({ version: 2, writtenAt: 5, targets: owned, stat: { ".skills/alpha": { digest, files: { "SKILL.md": entry } } }, parsed: {} }));
    expect(readState(v2)).toEqual({ version: 3, writtenAt: 5, targets: owned, digests: { ".skills/alpha": digest }, meta: {} });
    const v1 = await withState(JSON.stringify({ version: 1, writtenAt: 5, targets: owned, stat: { ".skills/alpha": { "SKILL.md": entry } } }));
    expect(readState(v1)).toEqual({ version: 3, writtenAt: 5, targets: owned, digests: {}, meta: {} });
  });

  it("is empty when missing, unreadable or from an unknown version; so is the stat cache", async () => {
    for (const text of ["", "{", "[]", JSON.stringify({ version: 9, targets: owned }), JSON.stringify({ version: 3, targets: null })]) {
      expect(readState(await withState(text))).toEqual({ version: 3, writtenAt: 0, targets: {}, digests: {}, meta: {} });
    }
    const dir = await tempDir();
    expect(readStatCache(dir)).toEqual({ writtenAt: 0, folders: {} });
    await writeFile(join(dir, STAT_CACHE_FILE), JSON.stringify({ version: 2, writtenAt: 1, folders: {} }));
    expect(readStatCache(dir)).toEqual({ writtenAt: 0, folders: {} });
  });
});
