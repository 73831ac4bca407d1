/**
 * `skills bundle`: every chosen SKILL.md in one markdown file,
 * each after a separator naming the skill, its registry and version, for
 * tools that take one instructions file. Pure: skills in, text out.
 */

/** One skill to bundle. */
export interface BundledSkill {
  slug: string;
  registry: string;
  version: string;
  /** The SKILL.md text. */
  content: string;
}

/** The bundle text, skills in the given order, each after its separator line. */
export function bundleSkills(skills: readonly BundledSkill[]): string {
  return skills
    .map((s) => `<!-- === SKILL: ${s.slug} (${s.registry} v${s.version}) === -->\n\n${s.content.replace(/\s+$/, "")}\n`)
    .join("\n");
}
