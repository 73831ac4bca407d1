/**
 * The zod schema of a version-1 `.skills.lock`, apart from `lockfile.ts` so
 * that only a parse (`text.ts`) loads zod.
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

