/**
 * `skills validate` and the check `push` runs first: the Agent
 * Skills format that real skills use (agentskills.io: YAML frontmatter with
 * `name` and `description`, optional `license`, `compatibility`, `metadata`,
 * `allowed-tools`) plus this registry's own checks (non-empty
 * SKILL.md, a valid `meta.yaml` when there is one, slug rules) and file names
 * every client can write. Pure: files in, problems out.
 */
import { parseSchema } from "../terminal/schema-issue.ts";
import { parse as parseYaml } from "yaml";
// The server's own rules, bundled, so a folder `push` accepts is one the API accepts.
import { folderPathProblem } from "../../../../supabase/functions/_shared/folder-paths.ts";
import { SKILL_SLUG_RULE, skillSlug } from "../../../../supabase/functions/_shared/wire/slugs.ts";

/** A file as validation sees it: path relative to the skill folder and its bytes. */
export interface SkillFile {
  path: string;
  bytes: Uint8Array;
}

/** Problems found in one skill: errors make it invalid, warnings do not. */
export interface SkillReport {
  slug: string;
  errors: string[];
  warnings: string[];
}

/** The Agent Skills `name` rule: 1–64 characters, lowercase letters, digits and single hyphens. */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KNOWN_FIELDS = new Set(["name", "description", "license", "compatibility", "metadata", "allowed-tools"]);
const FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * Validates a skill folder named `slug`.
 * @returns every error and warning, each a sentence naming the field or file.
 */
export function validateSkill(slug: string, files: readonly SkillFile[]): SkillReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!parseSchema(skillSlug, slug).success) errors.push(`folder name "${slug}" is not a valid skill slug (${SKILL_SLUG_RULE}).`);
  const clash = uninstallableNames(files);
  if (clash) errors.push(clash);

  const skillMd = files.find((f) => f.path === "SKILL.md");
  if (!skillMd) errors.push("SKILL.md is missing.");
  else checkSkillMd(slug, Buffer.from(skillMd.bytes).toString("utf8"), errors, warnings);

  const meta = files.find((f) => f.path === "meta.yaml");
  if (meta) checkMetaYaml(Buffer.from(meta.bytes).toString("utf8"), errors);
  return { slug, errors, warnings };
}

/**
 * Why `files` cannot be written side by side on every machine (the registry's
 * own rule: names equal but for case or Unicode normalization, a file that is
 * also a folder, overlong or Windows-reserved names), as a sentence naming the
 * paths and the fix; null when they can.
 */
export function uninstallableNames(files: readonly { path: string }[]): string | null {
  const clash = folderPathProblem(files.map((f) => f.path));
  return clash && `${clash} The registry refuses file names that some machines cannot create; rename to publish.`;
}

function checkSkillMd(slug: string, text: string, errors: string[], warnings: string[]): void {
  if (text.trim() === "") {
    errors.push("SKILL.md is empty.");
    return;
  }
  const match = FRONTMATTER.exec(text);
  if (!match) {
    errors.push("SKILL.md has no YAML frontmatter (a `---` block with `name` and `description` at the top).");
    return;
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "") ?? {};
  } catch (error) {
    errors.push(`SKILL.md frontmatter is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
    return;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    errors.push("SKILL.md frontmatter must be a YAML mapping.");
    return;
  }
  const fields = data as Record<string, unknown>;
  checkName(slug, fields.name, errors);
  checkString(fields, "description", { required: true, max: 1024 }, errors);
  checkString(fields, "license", { required: false, max: Infinity }, errors);
  checkString(fields, "compatibility", { required: false, max: 500 }, errors);
  checkMetadata(fields.metadata, errors);
  checkAllowedTools(fields["allowed-tools"], errors);
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) warnings.push(`SKILL.md frontmatter has the unknown field \`${key}\` (put custom fields under \`metadata\`).`);
  }
  const body = text.slice(match[0].length);
  if (!/^#\s+\S/m.test(body)) warnings.push("SKILL.md has no `# Title` heading.");
}

function checkName(slug: string, name: unknown, errors: string[]): void {
  if (name === undefined || name === null || name === "") {
    errors.push("SKILL.md frontmatter needs `name`.");
  } else if (typeof name !== "string") {
    errors.push("SKILL.md `name` must be a string.");
  } else if (name.length > 64 || !NAME.test(name)) {
    errors.push(`SKILL.md \`name\` "${name}" must be 1–64 lowercase letters, digits and single hyphens, without a leading or trailing hyphen.`);
  } else if (name !== slug) {
    errors.push(`SKILL.md \`name\` "${name}" must equal the folder name "${slug}".`);
  }
}

function checkString(fields: Record<string, unknown>, key: string, rule: { required: boolean; max: number }, errors: string[]): void {
  const value = fields[key];
  if (value === undefined || value === null) {
    if (rule.required) errors.push(`SKILL.md frontmatter needs \`${key}\`.`);
    return;
  }
  if (typeof value !== "string") errors.push(`SKILL.md \`${key}\` must be a string.`);
  else if (rule.required && value.trim() === "") errors.push(`SKILL.md \`${key}\` must not be empty.`);
  else if (value.length > rule.max) errors.push(`SKILL.md \`${key}\` is ${value.length} characters; at most ${rule.max} are allowed.`);
}

function checkMetadata(value: unknown, errors: string[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    errors.push("SKILL.md `metadata` must be a mapping of strings.");
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === "object") errors.push(`SKILL.md \`metadata.${key}\` must be a string.`);
  }
}

function checkAllowedTools(value: unknown, errors: string[]): void {
  if (value === undefined || value === null) return;
  const ok = typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
  if (!ok) errors.push("SKILL.md `allowed-tools` must be a space-separated string (or a list of strings).");
}

function checkMetaYaml(text: string, errors: string[]): void {
  try {
    const data = parseYaml(text);
    if (data !== null && data !== undefined && (typeof data !== "object" || Array.isArray(data))) {
      errors.push("meta.yaml must be a YAML mapping.");
    }
  } catch (error) {
    errors.push(`meta.yaml is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The `allowed-tools` of a SKILL.md text as a list (space-separated string or YAML list); empty when absent or unreadable. */
export function allowedTools(skillMd: string): string[] {
  const match = FRONTMATTER.exec(skillMd);
  if (!match) return [];
  try {
    const data = parseYaml(match[1] ?? "") as Record<string, unknown> | null;
    const value = data?.["allowed-tools"];
    if (typeof value === "string") return splitTools(value);
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").flatMap(splitTools);
  } catch {
    // validateSkill reports the bad YAML; the scan just sees no tools.
  }
  return [];
}

/** Splits "Bash(git:*) Read Write" on spaces outside parentheses. */
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
