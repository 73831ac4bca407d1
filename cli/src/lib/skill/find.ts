/**
 * Where a skill reference points for read commands (`info`, `diff`): in a
 * project, through its sources (`locateSkill`); outside one, a
 * `registry/slug` on the command's API, or a bare slug found by search.
 */
import { apiClient } from "../http/client.ts";
import { searchSkills } from "../http/api/search.ts";
import { getSkill } from "../http/api/skills.ts";
import { CliError, usageError } from "../errors.ts";
import { commandApiUrl, findProject, sourceApiUrl } from "../project/project.ts";
import { interactive, select } from "../terminal/prompt.ts";
import { locateSkill, parseSkillRef } from "./ref.ts";
import type { SkillDetail } from "../../../../supabase/functions/_shared/wire/skills.ts";

/** A found skill: its latest version and the API it lives on. */
export interface FoundSkill {
  apiUrl: string;
  skill: SkillDetail;
}

/**
 * Finds the skill `ref` names; see the module comment.
 * @throws CliError NOT_FOUND (with a close match in a project), USAGE for a bad or ambiguous reference, API errors.
 */
export async function findSkill(ref: string, apiUrlFlag?: string): Promise<FoundSkill> {
  const parsed = parseSkillRef(ref);
  const project = apiUrlFlag === undefined ? await findProject() : null;
  if (project) {
    const located = await locateSkill(project.config, parsed);
    return { apiUrl: sourceApiUrl(located.source), skill: located.skill };
  }
  const apiUrl = await commandApiUrl(apiUrlFlag);
  const client = apiClient(apiUrl);
  if (parsed.prefix) {
    const skill = await getSkill(client, parsed.prefix, parsed.slug);
    if (!skill) throw new CliError("NOT_FOUND", `Skill "${parsed.slug}" not found in ${parsed.prefix}. Run \`skills search ${parsed.slug}\` to find available skills.`);
    return { apiUrl, skill };
  }
  const hits = (await searchSkills(client, parsed.slug)).filter((r) => r.slug === parsed.slug);
  if (hits.length === 0) throw new CliError("NOT_FOUND", `No skill "${parsed.slug}" in the registries you can read. Run \`skills search ${parsed.slug}\`.`);
  let registry = hits[0]!.registry;
  if (hits.length > 1) {
    const names = hits.map((h) => `${h.registry}/${h.slug}`);
    if (!interactive()) throw usageError(`"${parsed.slug}" is in several registries: ${names.join(", ")}. Name one.`);
    registry = await select(`"${parsed.slug}" is in several registries. Which one?`, hits.map((h, i) => ({ name: names[i]!, value: h.registry })));
  }
  return { apiUrl, skill: (await getSkill(client, registry, parsed.slug))! };
}
