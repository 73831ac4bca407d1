/**
 * The zod schemas of `.skills.lock`, apart from `lockfile.ts` so that only a
 * parse (`text.ts`) loads zod: our version-1 format, and the format the
 * platform's spec describes (no `lockfile_version`, one SKILL.md hash per
 * skill), which other clients write and this CLI reads and upgrades.
 */
import * as z from "zod/mini";
import { sha256Hex, stringMap } from "../../../../supabase/functions/_shared/wire/common.ts";

/** One installed skill in the lockfile. */
export const lockedSkill = z.object({
  slug: z.string(),
  registry: z.string(),
  /** Name of the `.skills.yaml` source it came through. */
  source: z.string(),
  version: z.string(),
  /** The constraint declared when it was resolved. */
  constraint: z.optional(z.string()),
  /**
   * Hex sha256 of SKILL.md, the one hash a lock written by another client holds; always
   * `files["SKILL.md"]` (locks this CLI wrote before it recorded the field lack it).
   */
  sha256: z.optional(sha256Hex),
  /** `sha256:<hex>` folder digest. */
  digest: z.string().check(z.startsWith("sha256:")),
  /** sha256 of every file, by path (`stringMap`: a file may be named `constructor`). */
  files: stringMap(sha256Hex),
  /** Paths of the executable files. */
  executable: z.array(z.string()),
});
/** The shape of a version-1 lockfile. */
export const lockfileSchema = z.object({
  lockfile_version: z.literal(1, "unsupported lockfile_version (this CLI reads version 1)"),
  locked_at: z.string(),
  skills: z.array(lockedSkill),
});


/** One skill of a lock in the spec's format: the version and the sha256 of its SKILL.md. */
export const specLockedSkill = z.object({
  slug: z.string(),
  registry: z.string(),
  version: z.string(),
  sha256: sha256Hex,
});
/** A lock in the spec's format: no `lockfile_version`, no folder digests. */
export const specLockfileSchema = z.object({
  locked_at: z.optional(z.string()),
  skills: z.array(specLockedSkill),
});
