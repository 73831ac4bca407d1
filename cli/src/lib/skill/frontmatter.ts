/**
 * SKILL.md frontmatter as the CLI reads it: the registry's parser
 * (`_shared/skill-md.ts`), whose problems become one CliError.
 */
import { CliError } from "../errors.ts";
import { parseSkillMd } from "../../../../supabase/functions/_shared/skill-md.ts";

/** The fields of a SKILL.md this CLI uses; absent fields (or no frontmatter at all) are undefined. */
export interface Frontmatter {
  name?: string;
  description?: string;
  license?: string;
  /** `metadata` with every scalar value as a string. */
  metadata: Record<string, string>;
  /** The markdown after the frontmatter. */
  body: string;
}

/**
 * Parses a SKILL.md; a file without a frontmatter block yields no fields.
 * @param file name shown in errors.
 * @throws CliError INVALID_SKILL if the block cannot be read or a field has the wrong type.
 */
export function parseFrontmatter(text: string, file = "SKILL.md"): Frontmatter {
  const parsed = parseSkillMd(text);
  if ("problems" in parsed) throw new CliError("INVALID_SKILL", `${file}: ${parsed.problems.join(" ")}`);
  const front = parsed.frontmatter;
  const result: Frontmatter = { metadata: front?.metadata ?? {}, body: parsed.body };
  for (const key of ["name", "description", "license"] as const) {
    const value = front?.[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** A comma-separated metadata value (`metadata.tags`, `metadata.compat`) as a trimmed list without blanks. */
export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
