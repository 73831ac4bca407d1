/**
 * The warm-sync shortcut (warm `skills sync` is held to a small multiple of
 * `skills --version`; bench/cli.ts measures it): a folder whose state record
 * says this CLI last wrote exactly the digest the server now resolves is
 * taken as holding it, without a look at its files, as git leaves alone what
 * a checkout does not touch. Such a folder needs no write, so an edit made
 * there since is never overwritten; `skills verify` (and `sync --frozen` in
 * CI) is the integrity check, and `sync --force` scans everything and
 * restores.
 */
import { sep } from "node:path";
import type { LocalFile, LocalManifest } from "../skill/folder.ts";
import type { LocalState, StatEntry } from "../project/state.ts";
import type { FileEntry } from "../../../../supabase/functions/_shared/wire/common.ts";

/** A folder as a scan returned it, or as recorded: then `stats` is null (the stat cache's entries still hold). */
export interface Recorded {
  manifest: LocalManifest;
  stats: Record<string, StatEntry> | null;
}

/**
 * The folder at `abs` as recorded, when the state says `digest` was last written there and it is still a folder.
 * @param rel the folder's path relative to the repository root (the state's key).
 * @param isFolder whether a folder (not a symlink) is at `abs` (`lstat`).
 * @param skill the resolution whose digest and files the folder must hold.
 * @returns null when it must be scanned instead.
 */
export function recordedFolder(
  state: LocalState,
  rel: string,
  { abs, isFolder }: { abs: string; isFolder: boolean },
  skill: { digest: string; files: readonly FileEntry[] },
): Recorded | null {
  if (state.digests[rel] !== skill.digest || !isFolder) return null;
  let files: LocalFile[] | undefined;
  return {
    manifest: {
      digest: skill.digest,
      // Built when first asked for: a warm sync never asks, and the list has an entry per file.
      // Paths a later step may read bytes from: gatherBytes re-hashes whatever it reads.
      // The paths were checked when the answer arrived (resolve.ts); no join() per file.
      get files() {
        return (files ??= skill.files.map((f) => ({ ...f, absolutePath: `${abs}${sep}${f.path}` })));
      },
    },
    stats: null,
  };
}
