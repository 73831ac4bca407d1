/**
 * `meta.yaml`, the file `skills sync` writes into each installed skill folder
 * beside SKILL.md: what was installed (registry, version, tags, compat), the
 * sha256 of SKILL.md and the folder digest. It is generated, so a folder's
 * digest, `verify`, edit detection and `push` leave it out, and `skills
 * validate` checks it against this schema. Pure: values in, text out, and back.
 */
import * as z from "zod/mini";
import { parse as parseYaml, stringify } from "yaml";
import { sha256Hex } from "../../../../supabase/functions/_shared/wire/common.ts";
import { parseSchema, firstProblem } from "../terminal/schema-issue.ts";

export { META_YAML_FILE } from "../skill/folder.ts";

/** What `meta.yaml` holds; every field is required. */
export const metaYamlSchema = z.object({
  registry: z.string().check(z.minLength(1)),
  version: z.string().check(z.minLength(1)),
  tags: z.array(z.string()),
  compat: z.array(z.string()),
  /** Hex sha256 of SKILL.md's bytes (the spec's content hash). */
  sha256: sha256Hex,
  /** `sha256:<hex>` folder digest of the installed version. */
  digest: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/, "digest must be a sha256:<hex> folder digest")),
});
/** The contents of a `meta.yaml`. */
export type MetaYaml = z.output<typeof metaYamlSchema>;

/** The `meta.yaml` text for an installed version: a header comment, then the fields in a fixed order. */
export function serializeMetaYaml(meta: MetaYaml): string {
  const ordered: MetaYaml = {
    registry: meta.registry,
    version: meta.version,
    tags: meta.tags,
    compat: meta.compat,
    sha256: meta.sha256,
    digest: meta.digest,
  };
  return "# meta.yaml — written by `skills sync`; do not edit it by hand.\n" + stringify(ordered, { lineWidth: 0 });
}

/**
 * Checks a `meta.yaml` text.
 * @returns the parsed fields, or `problem`: one sentence naming the bad field.
 */
export function parseMetaYaml(text: string): { meta: MetaYaml } | { problem: string } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { problem: `not valid YAML: ${(error as Error).message.split("\n")[0]}` };
  }
  const parsed = parseSchema(metaYamlSchema, data);
  if (parsed.success) return { meta: parsed.data };
  const { path, message } = firstProblem(parsed.error);
  return { problem: `${path.join(".") || "file"}: ${message}` };
}
