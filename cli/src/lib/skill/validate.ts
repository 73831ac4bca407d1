/**
 * `skills validate` and the check `push` runs first: the registry's one
 * SKILL.md rule (`_shared/skill-md.ts`, bundled, so a folder `push` accepts is
 * one the API accepts), applied to files read from disk. Pure: files in,
 * problems out.
 */
import { checkSkillFolder, parseSkillMd } from "../../../../supabase/functions/_shared/skill-md.ts";
import { folderPathProblem } from "../../../../supabase/functions/_shared/folder-paths.ts";

/** A file as validation sees it: path relative to the skill folder and its bytes. */
export interface SkillFile {
  path: string;
  bytes: Uint8Array;
}

/** Problems found in one skill: errors make it invalid (push refuses it), warnings do not. */
export interface SkillReport {
  slug: string;
  errors: string[];
  warnings: string[];
}

/**
 * Validates a skill folder named `slug` (`checkSkillFolder`): errors are what
 * stops an agent from loading it, warnings what it should fix.
 * @returns every error and warning, each a sentence naming the field or file.
 */
export function validateSkill(slug: string, files: readonly SkillFile[]): SkillReport {
  const skillMd = files.find((f) => f.path === "SKILL.md");
  return { slug, ...checkSkillFolder(slug, { paths: files.map((f) => f.path), skillMd: skillMd?.bytes }) };
}

/**
 * Why `files` cannot be published whatever the flags (`folderPathProblem`:
 * names some machine cannot write side by side, or a name the CLI
 * generates), as a sentence naming the paths and the fix; null when they can.
 */
export function uninstallableNames(files: readonly { path: string }[]): string | null {
  const clash = folderPathProblem(files.map((f) => f.path));
  return clash && `${clash} The registry refuses it; rename or remove it to publish.`;
}

/** The `allowed-tools` of a SKILL.md text as a list; empty when absent or unreadable (validation reports the latter). */
export function allowedTools(skillMd: string): string[] {
  const parsed = parseSkillMd(skillMd);
  return "problems" in parsed ? [] : (parsed.frontmatter?.allowedTools ?? []);
}
