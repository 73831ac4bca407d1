/**
 * The meta-skill (spec §7): `meta-skill/SKILL.md` at the repository root,
 * embedded in the CLI at build time and installed to `<install_path>/_system/`.
 */
import text from "../../../meta-skill/SKILL.md?raw";

/** The text of the bundled meta-skill. */
export const META_SKILL: string = text;
