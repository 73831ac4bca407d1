/**
 * SKILL.md frontmatter in the Agent Skills format: a YAML block between `---`
 * lines with `name`, `description`, optional `license` and a string map
 * `metadata`, followed by the markdown body.
 */
import { parse as parseYaml } from "yaml";
import { CliError } from "../errors.ts";

/** The fields of a SKILL.md this CLI uses; absent fields are undefined. */
export interface Frontmatter {
  name?: string;
  description?: string;
  license?: string;
  /** `metadata` with every scalar value as a string. */
  metadata: Record<string, string>;
  /** The markdown after the frontmatter. */
  body: string;
}

const block = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * Parses a SKILL.md; a file without a frontmatter block yields no fields.
 * @param file name shown in errors.
 * @throws CliError INVALID_SKILL if the block is not YAML or a field has the wrong type.
 */
export function parseFrontmatter(text: string, file = "SKILL.md"): Frontmatter {
  const match = block.exec(text);
  if (!match) return { metadata: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "") ?? {};
  } catch (error) {
    throw new CliError("INVALID_SKILL", `${file}: the frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof data !== "object" || Array.isArray(data) || data === null) {
    throw new CliError("INVALID_SKILL", `${file}: the frontmatter must be a YAML mapping.`);
  }
  const fields = data as Record<string, unknown>;
  const result: Frontmatter = { metadata: metadataOf(fields.metadata, file), body: text.slice(match[0].length) };
  for (const key of ["name", "description", "license"] as const) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") throw new CliError("INVALID_SKILL", `${file}: \`${key}\` must be a string.`);
    result[key] = value.trim();
  }
  return result;
}

function metadataOf(value: unknown, file: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new CliError("INVALID_SKILL", `${file}: \`metadata\` must be a mapping of strings.`);
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === "object") {
      throw new CliError("INVALID_SKILL", `${file}: \`metadata.${key}\` must be a string.`);
    }
    out[key] = String(item ?? "");
  }
  return out;
}

/** A comma-separated metadata value (`metadata.tags`, `metadata.compat`) as a trimmed list without blanks. */
export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
