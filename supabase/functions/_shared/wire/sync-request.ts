/** The body of POST /api/sync: which skills to resolve (the server parses it; the CLI only sends it). */
import * as z from "zod/mini";
// For its English locale, so this shape words its issues as every other wire shape does.
import "./common.ts";

/** POST /api/sync body: at most 500 skills; `version` is a semver constraint. */
export const syncRequest = z.object({
  skills: z
    .array(
      z.object({
        registry: z.string(),
        slug: z.string(),
        version: z.optional(z.string()),
        /** The folder digest the client already holds: when the resolution has it, the answer leaves its manifest out. */
        have: z.optional(z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/, "have must be a sha256:<hex> folder digest"))),
      }),
    )
    .check(z.maxLength(500)),
});
/** Body of POST /api/sync. */
export type SyncRequest = z.output<typeof syncRequest>;
