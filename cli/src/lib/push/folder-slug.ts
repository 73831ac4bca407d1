/**
 * The slug of `skills push --path DIR` without a slug argument: the folder's
 * name, which the SKILL.md frontmatter `name` (when there is one) must
 * repeat, as agents load a skill by its folder and the registry checks the
 * name against the slug.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { CliError, usageError } from "../errors.ts";
import { parseFrontmatter } from "../skill/frontmatter.ts";
import { skillSlug } from "../../../../supabase/functions/_shared/wire/slugs.ts";
import { parseSchema } from "../terminal/schema-issue.ts";

/**
 * The slug named by a folder called `folder` whose SKILL.md frontmatter names `name`.
 * @throws CliError USAGE (exit 2) when the two differ (naming both) or the name is not a valid slug.
 */
export function folderSlug(folder: string, name: string | undefined): string {
  if (name !== undefined && name !== folder) {
    throw usageError(
      `The folder is named "${folder}" but its SKILL.md says name: ${name}; rename one to match the other, or pass the slug: \`skills push <slug> --path …\`.`,
    );
  }
  if (!parseSchema(skillSlug, folder).success) {
    throw usageError(`The folder name "${folder}" is not a valid skill slug (lowercase letters, digits and hyphens); pass the slug: \`skills push <slug> --path …\`.`);
  }
  return folder;
}

/**
 * The slug of the skill folder at `dir` (`folderSlug` of its name and its SKILL.md's `name`).
 * @throws CliError INVALID_SKILL when there is no folder or its SKILL.md frontmatter cannot be read, USAGE as `folderSlug`.
 */
export async function slugOfFolder(dir: string): Promise<string> {
  const path = resolve(dir);
  let text: string | undefined;
  try {
    text = await readFile(join(path, "SKILL.md"), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR" || (code === "ENOENT" && !(await isDir(path)))) throw new CliError("INVALID_SKILL", `No skill folder at ${path}.`);
    if (code !== "ENOENT") throw error;
  }
  return folderSlug(basename(path), text === undefined ? undefined : parseFrontmatter(text, join(path, "SKILL.md")).name);
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
