/**
 * The last parse of `.skills.yaml` and `.skills.lock`, in
 * `<install_path>/.skills-parsed.json` (git-ignored with the install path),
 * so a run whose files have not changed skips yaml's parser: loading and
 * running it cold costs more than the rest of a warm sync, which is held to a
 * small multiple of `skills --version` (bench/cli.ts measures it). A file of its own, apart from the
 * local state (`state.ts`): it is read before the /sync request goes out, the
 * state's larger folder records while the server answers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../../version.ts";
import type { Lockfile } from "../lockfile/lockfile.ts";
import type { ProjectConfig } from "./config.ts";

/** File name of the parse cache, inside the install path. */
export const PARSE_CACHE_FILE = ".skills-parsed.json";

/** A file's validated content and the `parseKey` of the text it was parsed from. */
export interface ParsedFile<T> {
  key: string;
  value: T;
}

/** The cached parse of each project file. */
export interface ParseCache {
  config?: ParsedFile<ProjectConfig>;
  /**
   * `checked`: every entry of this lock is a resolution this CLI checked (its digest computed
   * from its manifest), so an answer identical to an entry needs no hashing.
   */
  lock?: ParsedFile<Lockfile> & { checked: boolean };
}

/**
 * The cache key of a project file's text: the text itself after this CLI's version, whose
 * parser made the value. Kept whole rather than hashed: the two files are a few KB, comparing them is exact, and a warm sync then never loads node:crypto.
 */
export function parseKey(text: string): string {
  return `${VERSION}\n${text}`;
}

/** The cached parse of `text`, if `entry` was made from exactly that text. */
export function cachedParse<T>(entry: ParsedFile<T> | undefined, text: string): T | undefined {
  return entry?.key === parseKey(text) ? entry.value : undefined;
}

/** The parse cache of the project files whose texts are these, as the next run will look it up. */
export function parseCacheOf(
  config: { text: string; value: ProjectConfig },
  lock: { text: string; value: Lockfile; checked: boolean } | null,
): ParseCache {
  return {
    config: { key: parseKey(config.text), value: config.value },
    ...(lock === null ? {} : { lock: { key: parseKey(lock.text), value: lock.value, checked: lock.checked } }),
  };
}

/** Whether two parse caches hold the same parses (so the file need not be rewritten). */
export function sameParseCache(a: ParseCache, b: ParseCache): boolean {
  return a.config?.key === b.config?.key && a.lock?.key === b.lock?.key && a.lock?.checked === b.lock?.checked;
}

/** Reads the parse cache; a missing or unreadable file is an empty one (it is only a cache). */
export function readParseCache(installDir: string): ParseCache {
  try {
    const data = JSON.parse(readFileSync(join(installDir, PARSE_CACHE_FILE), "utf8")) as { version?: number } & ParseCache;
    return data.version === 1 ? { config: data.config, lock: data.lock } : {};
  } catch {
    return {};
  }
}

/** Writes the parse cache atomically. */
export async function writeParseCache(installDir: string, cache: ParseCache): Promise<void> {
  // Imported here, not by the module: install.ts brings node:fs/promises, and a warm sync reads
  // this file before its request.
  const { writeFileAtomic } = await import("./install.ts");
  await writeFileAtomic(installDir, PARSE_CACHE_FILE, `${JSON.stringify({ version: 1, ...cache })}\n`);
}
