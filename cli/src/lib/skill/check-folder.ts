/**
 * `skills validate` on disk: reads a skill folder, checks it with the
 * registry's rule (`validate.ts`) and, for an installed skill, the
 * `meta.yaml` that `skills sync` wrote beside it; and `--fix`, which adds
 * the Agent Skills frontmatter to a SKILL.md without one, its description
 * taken from the skill's record in the registry when that can be read.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { getSkill } from "../http/api/skills.ts";
import { apiClient } from "../http/client.ts";
import { META_YAML_FILE, parseMetaYaml } from "../project/meta-yaml.ts";
import { sourceApiUrl, type Project } from "../project/project.ts";
import { readFolder } from "./folder.ts";
import { validateSkill, type SkillReport } from "./validate.ts";
import { addFrontmatter, NO_FRONTMATTER_WARNING, parseSkillMd } from "../../../../supabase/functions/_shared/skill-md.ts";

/** A folder to validate: its slug, where it is, and whether it is an installed skill (which must have a meta.yaml). */
export interface FolderToCheck {
  slug: string;
  dir: string;
  installed: boolean;
}

/**
 * Validates one folder. Its top-level `meta.yaml` is not part of the skill
 * (sync generates it): an installed skill must have one that `parseMetaYaml`
 * accepts, any other folder may have none.
 * @returns the report; a missing folder is one error telling to sync.
 */
export async function checkFolder(folder: FolderToCheck): Promise<SkillReport> {
  const files = await readFolder(folder.dir);
  if (!files) return { slug: folder.slug, errors: [`no folder at ${folder.dir} (run \`skills sync\`).`], warnings: [] };
  // `readFolder` leaves the generated meta.yaml out: it is checked on its own below.
  const report = validateSkill(folder.slug, files);
  const meta = await readFile(join(folder.dir, META_YAML_FILE), "utf8").catch(() => null);
  if (meta === null) {
    if (folder.installed) report.errors.push(`${META_YAML_FILE} is missing (run \`skills sync\` to write it).`);
  } else {
    const parsed = parseMetaYaml(meta);
    if ("problem" in parsed) report.errors.push(`${META_YAML_FILE} is not what \`skills sync\` writes: ${parsed.problem} (run \`skills sync --force\` to rewrite it).`);
  }
  return report;
}

/**
 * The description the registry holds for the folder's skill, for `--fix`:
 * the registry is the lockfile's, else the folder's `meta.yaml`'s, else the
 * declared source's, asked through that registry's source in `.skills.yaml`;
 * null when there is none, or it cannot be asked (offline, signed out,
 * unknown skill), so the fix falls back to the markdown.
 */
export async function recordDescription(project: Project | null, folder: FolderToCheck): Promise<string | null> {
  if (!project) return null;
  const declared = project.config.skills.find((s) => s.slug === folder.slug);
  const meta = parseMetaYaml(await readFile(join(folder.dir, META_YAML_FILE), "utf8").catch(() => ""));
  const registry = project.lock?.skills.find((s) => s.slug === folder.slug)?.registry ??
    ("meta" in meta ? meta.meta.registry : project.config.sources.find((s) => s.name === declared?.source)?.registry);
  const source = project.config.sources.find((s) => s.registry === registry);
  if (!registry || !source) return null;
  try {
    return (await getSkill(apiClient(sourceApiUrl(source)), registry, folder.slug))?.description ?? null;
  } catch {
    return null;
  }
}

/**
 * Adds frontmatter to the folder's SKILL.md when it has none (`addFrontmatter`:
 * `name` is the slug, `description` the one `describe` finds, else the first
 * paragraph).
 * @returns a sentence saying what changed, or null when nothing did
 *   (no SKILL.md, or it already has frontmatter, readable or not).
 */
export async function fixFolder(folder: FolderToCheck, describe: () => Promise<string | null>): Promise<string | null> {
  const file = join(folder.dir, "SKILL.md");
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = parseSkillMd(text);
  if ("problems" in parsed || parsed.frontmatter) return null;
  const description = await describe();
  const fixed = addFrontmatter(text, folder.slug, description)!;
  await writeFile(file, fixed);
  const from = description === null ? "from its markdown" : "from the registry";
  return `${file}: added frontmatter with \`name: ${folder.slug}\` and a \`description\` ${from}.`;
}

/** Whether a report says its SKILL.md has no frontmatter (what `--fix` adds). */
export function lacksFrontmatter(report: SkillReport): boolean {
  return report.warnings.includes(NO_FRONTMATTER_WARNING);
}
