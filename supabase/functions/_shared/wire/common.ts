/**
 * Wire rules every resource shares: sha256, the manifest entry, string-keyed
 * maps and the skill fields. A schema only some resources use lives with
 * them (slugs in `slugs.ts`, roles in `roles.ts`, listing pages in
 * `listing.ts`, labels in `skills.ts`, the error body in `errors.ts`): the
 * CLI loads this module, and builds every schema in it, on each sync.
 *
 * Every wire shape of the `api` function lives in this folder, once, as a
 * zod/mini schema (the server parses requests with them, the CLI bundles
 * them to check answers); TypeScript types are inferred from the schemas.
 * Only `zod/mini` (and its English messages) is imported: its schemas are
 * plain functions that tree-shake, so the CLI bundle stays small, and Deno
 * maps both to npm through the "zod/" entry of deno.json.
 */
import * as z from "zod/mini";
// The English locale alone: `z.locales` would bundle every language into the CLI.
import en from "zod/v4/locales/en.js";

// zod/mini words every issue without an explicit message as "Invalid input"
// until a locale is set; the API's VALIDATION_ERROR messages and the CLI's
// schema problems are the English ones classic zod gives. Only a default: a
// locale set elsewhere first is kept.
if (!z.config().localeError) z.config(en());

/** Lowercase hex sha256 of some bytes (`:sha256` of PUT /api/blobs/:sha256, and every manifest). */
export const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex digits"));

/** One file of a published version, without its bytes (the manifest entry of sync, skill and version answers); `size` in bytes. */
export const fileEntry = z.object({
  path: z.string(),
  sha256: sha256Hex,
  size: z.number().check(z.int(), z.nonnegative()),
  executable: z.boolean(),
});
/** A manifest entry. */
export type FileEntry = z.output<typeof fileEntry>;

/**
 * A mapping from any string key (a file path, a metadata name) to `value`s, in
 * answers and in the CLI's lockfile. `z.record` drops a `__proto__` key, and a
 * file may have that name (or `constructor`): every own key is kept here.
 * Arrays are not mappings. An invalid value is reported at its key, e.g. `files.SKILL.md`.
 */
export function stringMap<T extends z.ZodMiniType>(value: T) {
  return z.pipe(
    z.custom<Record<string, unknown>>((input) => typeof input === "object" && input !== null && !Array.isArray(input), "expected a mapping"),
    z.transform((map, ctx) => {
      const entries: [string, z.output<T>][] = [];
      for (const [key, item] of Object.entries(map)) {
        const checked = z.safeParse(value, item);
        if (checked.success) entries.push([key, checked.data]);
        else for (const { message, path } of checked.error.issues) ctx.issues.push({ code: "custom", message, input: item, path: [key, ...path] });
      }
      // fromEntries defines own properties, so even a `__proto__` path stays a plain key.
      return Object.fromEntries(entries) as Record<string, z.output<T>>;
    }),
  );
}

/** The fields every skill shape of the API shares (sync, listing, detail, search); spread into each object schema. */
export const skillFields = {
  slug: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  tags: z.array(z.string()),
  compat: z.array(z.string()),
};
