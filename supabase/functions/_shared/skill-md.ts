/**
 * SKILL.md, one rule for the API, the MCP tools and the CLI:
 * - how the file splits into an optional YAML frontmatter and its markdown;
 * - which problems of a skill folder stop an agent from loading it (errors:
 *   refused by every client and the server) and which are limits real
 *   published skills exceed (warnings: said, then published anyway);
 * - where a skill's name and description come from: the frontmatter when it
 *   states them, else the skill's record, else the markdown itself;
 * - the frontmatter `skills validate --fix` adds to a file without one.
 * The Agent Skills format (agentskills.io) defines the fields; plain markdown
 * starting with `# Title` and no frontmatter (how clients of the plain API write skills) is a valid skill
 * whose identity lives in the record. Pure; the CLI bundles this file.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import * as z from "zod/mini";
import { folderPathProblem } from "./folder-paths.ts";
import { SKILL_SLUG_RULE, skillSlug } from "./wire/slugs.ts";

/** The frontmatter fields the Agent Skills format defines; any other is a warning. */
const FRONTMATTER_FIELDS: readonly string[] = ["name", "description", "license", "compatibility", "metadata", "allowed-tools"];
/** Agent Skills' limit on `description`, in characters; real skills exceed it, so it only warns. */
const MAX_DESCRIPTION = 1024;
/** Agent Skills' limit on `compatibility`, in characters; it only warns. */
const MAX_COMPATIBILITY = 500;
/** The longest name and description a skill record holds (the database's limits). */
const RECORD_LIMITS = Object.freeze({ name: 200, description: 2000 });

/** Said once for a SKILL.md without frontmatter, by the server and the CLI alike. */
export const NO_FRONTMATTER_WARNING =
  "SKILL.md has no frontmatter (a `---` block with `name` and `description` at the top); agents that require the Agent Skills frontmatter will not load it.";

/** The Agent Skills `name` rule: lowercase letters, digits and single hyphens. */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A frontmatter block: `---` lines around YAML at the very top (after a BOM), LF or CRLF. */
const BLOCK = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
/** A first line that opens a block; without a closing line it is broken frontmatter, not markdown. */
const OPENING = /^---[ \t]*\r?\n/;

/** The frontmatter fields this repo reads, typed; every field as YAML gave it is in `fields`. */
export interface Frontmatter {
  /** Trimmed; undefined when absent or empty, as are the other strings. */
  name?: string;
  description?: string;
  license?: string;
  compatibility?: string;
  /** `metadata` with every scalar value as a string. */
  metadata: Record<string, string>;
  /** `allowed-tools` as a list (a space-separated string or a YAML list); empty when absent. */
  allowedTools: string[];
  /** Every field, unknown ones included. */
  fields: Record<string, unknown>;
}

/** A SKILL.md split in two. */
export interface SkillMd {
  /** Null when the file has no frontmatter block. */
  frontmatter: Frontmatter | null;
  /** The markdown after the frontmatter; the whole text (less a BOM) without one. */
  body: string;
}

/**
 * Splits a SKILL.md into its frontmatter and markdown. A file that does not
 * start with `---` has no frontmatter, which is allowed.
 * @returns the parts, or `problems`: sentences naming why the frontmatter
 *   cannot be read (never closed, not YAML, not a mapping, a field of the wrong type).
 */
export function parseSkillMd(text: string): SkillMd | { problems: string[] } {
  const unmarked = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const match = BLOCK.exec(unmarked);
  if (!match) {
    if (OPENING.test(unmarked)) return { problems: ["SKILL.md opens a frontmatter block with `---` but never closes it with another `---` line."] };
    return { frontmatter: null, body: unmarked };
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "") ?? {};
  } catch (error) {
    return { problems: [`SKILL.md frontmatter is not valid YAML: ${(error as Error).message.split("\n")[0]}`] };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { problems: ["SKILL.md frontmatter must be a YAML mapping."] };
  const fields = data as Record<string, unknown>;
  const problems: string[] = [];
  const frontmatter: Frontmatter = { metadata: metadataOf(fields.metadata, problems), allowedTools: allowedToolsOf(fields["allowed-tools"], problems), fields };
  for (const key of ["name", "description", "license", "compatibility"] as const) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") problems.push(`SKILL.md \`${key}\` must be a string.`);
    else if (value.trim() !== "") frontmatter[key] = value.trim();
  }
  return problems.length > 0 ? { problems } : { frontmatter, body: unmarked.slice(match[0].length) };
}

function metadataOf(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push("SKILL.md `metadata` must be a mapping of strings.");
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === "object") problems.push(`SKILL.md \`metadata.${key}\` must be a string.`);
    else out[key] = String(item ?? "");
  }
  return out;
}

function allowedToolsOf(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return splitTools(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.flatMap(splitTools);
  problems.push("SKILL.md `allowed-tools` must be a space-separated string (or a list of strings).");
  return [];
}

/** Splits "Bash(git:*) Read Write" on spaces and commas outside parentheses. */
function splitTools(value: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of value) {
    if (char === "(") depth++;
    if (char === ")") depth = Math.max(0, depth - 1);
    if ((char === " " || char === ",") && depth === 0) {
      if (current.trim()) tools.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) tools.push(current.trim());
  return tools;
}

/** What a check found: errors refuse the folder, warnings do not. */
export interface SkillCheck {
  errors: string[];
  warnings: string[];
}

/** A skill folder as the check sees it: its file paths and SKILL.md's text or bytes (absent when there is none). */
export interface SkillFolder {
  paths: readonly string[];
  skillMd?: string | Uint8Array | null | undefined;
}

/**
 * Checks a skill folder named `slug`. Errors are what stops an agent from
 * loading it: an invalid slug, file names some machine cannot install (or a
 * name the CLI generates), no SKILL.md, one that is not UTF-8 or is empty,
 * frontmatter that cannot be read, a `name` that is not the slug. Warnings are
 * limits real skills exceed: no frontmatter (said once), a frontmatter without
 * `name` or `description`, `description` over 1024 and `compatibility` over
 * 500 characters, unknown fields, no `# Title` heading.
 * @returns sentences, each naming the field or file.
 */
export function checkSkillFolder(slug: string, folder: SkillFolder): SkillCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!z.safeParse(skillSlug, slug).success) errors.push(`"${slug}" is not a valid skill slug (${SKILL_SLUG_RULE}).`);
  const clash = folderPathProblem(folder.paths);
  if (clash) errors.push(`${clash} The registry refuses it; rename or remove it to publish.`);
  if (!folder.paths.includes("SKILL.md") || folder.skillMd === undefined || folder.skillMd === null) {
    errors.push("SKILL.md is missing.");
    return { errors, warnings };
  }
  const text = typeof folder.skillMd === "string" ? folder.skillMd : utf8Text(folder.skillMd);
  if (text === null) errors.push("SKILL.md is not UTF-8 text.");
  else if (text.replace(/^\uFEFF/, "").trim() === "") errors.push("SKILL.md is empty.");
  else {
    const parsed = parseSkillMd(text);
    if ("problems" in parsed) errors.push(...parsed.problems);
    else checkParsed(slug, parsed, errors, warnings);
  }
  return { errors, warnings };
}

function utf8Text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function checkParsed(slug: string, { frontmatter, body }: SkillMd, errors: string[], warnings: string[]): void {
  if (!frontmatter) warnings.push(NO_FRONTMATTER_WARNING);
  else {
    const { name, description, compatibility } = frontmatter;
    if (name === undefined) warnings.push(missingField("name"));
    else if (name.length > 64 || !NAME.test(name)) {
      errors.push(`SKILL.md \`name\` "${name}" must be 1–64 lowercase letters, digits and single hyphens, without a leading or trailing hyphen.`);
    } else if (name !== slug) errors.push(`SKILL.md \`name\` "${name}" must equal the skill's folder name and slug "${slug}".`);
    if (description === undefined) warnings.push(missingField("description"));
    else if (description.length > MAX_DESCRIPTION) warnings.push(overLimit("description", description.length, MAX_DESCRIPTION));
    if (compatibility !== undefined && compatibility.length > MAX_COMPATIBILITY) warnings.push(overLimit("compatibility", compatibility.length, MAX_COMPATIBILITY));
    for (const key of Object.keys(frontmatter.fields)) {
      if (!FRONTMATTER_FIELDS.includes(key)) warnings.push(`SKILL.md frontmatter has the unknown field \`${key}\` (put custom fields under \`metadata\`).`);
    }
  }
  if (title(body) === null) warnings.push("SKILL.md has no `# Title` heading.");
}

const missingField = (key: string) =>
  `SKILL.md frontmatter has no \`${key}\`; agents that require the Agent Skills frontmatter will not load it.`;
const overLimit = (key: string, length: number, max: number) =>
  `SKILL.md \`${key}\` is ${length} characters, over the Agent Skills limit of ${max}; some agents may cut it short.`;

/** A markdown body without its fenced code blocks, whose `#` lines are comments, not headings. */
function prose(body: string): string {
  return body.replace(/^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, "");
}

/** The text of the first `# Title` line of a markdown body, or null. */
function title(body: string): string | null {
  const match = /^#[ \t]+(\S.*?)[ \t#]*$/m.exec(prose(body));
  return match ? match[1]!.trim() : null;
}

/** The first paragraph of a markdown body that is not a heading, whitespace collapsed; null when there is none. */
function firstParagraph(body: string): string | null {
  for (const block of prose(body).split(/\r?\n[ \t]*\r?\n/)) {
    const lines = block.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !/^#{1,6}(\s|$)/.test(l));
    if (lines.length === 0 || lines[0]!.startsWith("```") || lines[0]!.startsWith("---")) continue;
    return lines.join(" ").replace(/\s+/g, " ");
  }
  return null;
}

/** At most `max` characters, cut with an ellipsis. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A skill's name and description as its record holds them. */
export interface SkillIdentity {
  name: string;
  description: string | null;
}

/**
 * The name and description a skill's record should hold for this SKILL.md.
 * Each field comes from the first source that has it:
 * 1. the frontmatter (`name`, `description`): the file is the source, so the listing follows it;
 * 2. `record`: the skill's current record, or what a create request states;
 * 3. the markdown: the first `# Title` (else the slug) as the name, the
 *    first paragraph (cut to 1024 characters) as the description, else none.
 * Values are cut to what a record holds (200 and 2000 characters).
 */
export function skillIdentity(slug: string, skillMd: SkillMd, record: { name?: string | undefined; description?: string | null | undefined } = {}): SkillIdentity {
  const front = skillMd.frontmatter;
  const name = front?.name ?? record.name ?? title(skillMd.body) ?? slug;
  const paragraph = firstParagraph(skillMd.body);
  const description = front?.description ??
    (record.description !== undefined ? record.description : paragraph === null ? null : clip(paragraph, MAX_DESCRIPTION));
  return { name: clip(name, RECORD_LIMITS.name), description: description === null ? null : clip(description, RECORD_LIMITS.description) };
}

/**
 * A SKILL.md without frontmatter with one added on top: `name` is the slug
 * (the Agent Skills rule), `description` the given one, else the first
 * paragraph, else the `# Title`, else the slug (the format requires one).
 * Keeps the file's line endings and drops a BOM.
 * @returns the new text; null when the file already has a frontmatter block (or a broken one).
 */
export function addFrontmatter(text: string, slug: string, description: string | null): string | null {
  const parsed = parseSkillMd(text);
  if ("problems" in parsed || parsed.frontmatter) return null;
  const newline = parsed.body.includes("\r\n") ? "\r\n" : "\n";
  const paragraph = firstParagraph(parsed.body);
  const chosen = description ?? (paragraph === null ? null : clip(paragraph, MAX_DESCRIPTION)) ?? title(parsed.body) ?? slug;
  const yaml = stringifyYaml({ name: slug, description: chosen }, { lineWidth: 0 }).trimEnd();
  return ["---", ...yaml.split("\n"), "---", ""].join(newline) + parsed.body;
}
