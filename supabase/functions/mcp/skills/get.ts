/**
 * `skills/get`: the entry of one skill named by its SKILL.md URI, the latest
 * version's or a pinned one's. Anything else (another URI, a skill the
 * caller cannot read, one whose frontmatter does not conform, a version that
 * does not exist) is the same -32602, so the answer never tells a hidden
 * skill from a missing one.
 */
import { withUser } from "../../_shared/db.ts";
import { catalogSkill } from "../../_shared/domain/skill-catalog.ts";
import type { SkillsContext } from "./context.ts";
import { skillEntry } from "./entries.ts";
import { cacheHints, LATEST_TTL_MS, noSkill, paramsOf, PINNED_TTL_MS, uriParams } from "./protocol.ts";
import { parseSkillUri } from "./uri.ts";

/** The method's name. */
export const SKILLS_GET = "skills/get";

/**
 * Answers `skills/get`.
 * @throws JsonRpcError -32602 for any URI that is not a readable, conforming skill's SKILL.md.
 */
export async function getSkill(params: unknown, { claims }: SkillsContext) {
  const { uri } = paramsOf(uriParams, params);
  const location = parseSkillUri(uri);
  if (location === null || location.path !== "SKILL.md") throw noSkill(uri);
  const { registry, slug, version } = location.skill;
  const skill = await withUser(claims, (tx) => catalogSkill(tx, registry, slug, version));
  const entry = skill && skillEntry(skill, version !== null);
  if (!entry) throw noSkill(uri);
  return { resultType: "complete" as const, skill: entry, ...cacheHints(version === null ? LATEST_TTL_MS : PINNED_TTL_MS) };
}
