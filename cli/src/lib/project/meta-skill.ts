/**
 * The meta-skill: `meta-skill/SKILL.md` at the repository root, embedded in
 * the CLI at build time and installed to `<install_path>/_system/`.
 */
import { readFileSync } from "node:fs";

/** `build.mjs` defines them: the meta-skill's text and its frontmatter `description`, read at build time. */
declare const __META_SKILL_TEXT__: string | undefined;
declare const __META_SKILL_DESCRIPTION__: string | undefined;

// Unbundled (tests, `node --import tsx src/index.ts`) the file is read from the repository.
const text = typeof __META_SKILL_TEXT__ === "string" ? __META_SKILL_TEXT__ : readFileSync(new URL("../../../../meta-skill/SKILL.md", import.meta.url), "utf8");

/** The meta-skill's text and the description the index shows for it. */
export interface MetaSkill {
  text: string;
  description: string | undefined;
}

/**
 * The bundled meta-skill. Its description comes from the build, so that a
 * warm sync, which regenerates the index to compare it, never loads the yaml
 * parser for it (a measurable start-up cost, bench/README.md); unbundled (tests) it is parsed here.
 */
export const META_SKILL: MetaSkill = {
  text,
  description: typeof __META_SKILL_DESCRIPTION__ === "string" ? __META_SKILL_DESCRIPTION__ : await parsedDescription(),
};

async function parsedDescription(): Promise<string | undefined> {
  return (await import("../skill/frontmatter.ts")).parseFrontmatter(text, "meta-skill/SKILL.md").description;
}
