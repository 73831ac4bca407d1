/**
 * Skill references as `skills add`, `info` take them:
 * `registry/slug`, `source/slug`, or a bare `slug` searched in every source;
 * found in several, the user picks one (or, without a terminal, gets the list).
 */
import { parseSchema } from "../terminal/schema-issue.ts";
import { apiClient } from "../http/client.ts";
import { getSkill, listSkills } from "../http/api/skills.ts";
import { CliError, usageError } from "../errors.ts";
import { interactive, select } from "../terminal/prompt.ts";
import { closestMatch } from "../terminal/suggest.ts";
import { sourceApiUrl } from "../project/project.ts";
import type { ProjectConfig, Source } from "../project/config.ts";
import { registrySlug, skillSlug } from "../../../../supabase/functions/_shared/wire/slugs.ts";
import type { SkillDetail } from "../../../../supabase/functions/_shared/wire/skills.ts";

/** A parsed reference: an optional source name or registry slug, and a skill slug. */
export interface SkillRef {
  prefix: string | undefined;
  slug: string;
}

/**
 * Parses `slug` or `prefix/slug`.
 * @throws CliError USAGE for any other shape or an invalid slug.
 */
export function parseSkillRef(ref: string): SkillRef {
  const parts = ref.split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) {
    throw usageError(`"${ref}" is not a skill reference; use <slug>, <registry>/<slug> or <source>/<slug>.`);
  }
  const slug = parts.at(-1)!;
  const checked = parseSchema(skillSlug, slug);
  if (!checked.success) throw usageError(`"${ref}": ${checked.error.issues[0]!.message}.`);
  return { prefix: parts.length === 2 ? parts[0] : undefined, slug };
}

/** Where a reference points: the source to declare it under (maybe a new one) and the skill's latest version. */
export interface LocatedSkill {
  source: Source;
  /** True when `source` is not in the config yet and must be added. */
  newSource: boolean;
  skill: SkillDetail;
}

/**
 * Finds the skill a reference names. A prefix matches a source name, else a
 * source's registry, else it is taken as a registry on the first source's API
 * (a new source named after it). A bare slug already declared keeps its
 * source; otherwise every source is asked, and when several have it the user
 * chooses.
 * @throws CliError NOT_FOUND naming where it looked and a close match; USAGE for an
 *   invalid registry prefix or an ambiguous slug without a terminal; API errors.
 */
export async function locateSkill(config: ProjectConfig, ref: SkillRef): Promise<LocatedSkill> {
  const candidates = candidateSources(config, ref);
  const found = (
    await Promise.all(
      candidates.map(async (c) => {
        const skill = await getSkill(apiClient(sourceApiUrl(c.source)), c.source.registry, ref.slug);
        return skill ? { ...c, skill } : null;
      }),
    )
  ).filter((f): f is LocatedSkill => f !== null);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    const names = found.map((f) => `${f.source.registry}/${ref.slug}`);
    if (!interactive()) {
      throw usageError(`"${ref.slug}" is in several sources: ${names.join(", ")}. Name one, e.g. \`skills add ${names[0]}\`.`);
    }
    return select(
      `"${ref.slug}" is in several sources. Which one?`,
      found.map((f, i) => ({ name: `${names[i]} v${f.skill.version} ${f.skill.description ?? ""}`.trim(), value: f })),
    );
  }
  const where = candidates.map((c) => c.source.registry).join(", ");
  const known = await Promise.all(
    candidates.map((c) => listSkills(apiClient(sourceApiUrl(c.source)), c.source.registry).then((list) => list.map((s) => s.slug), () => [])),
  );
  const close = closestMatch(ref.slug, known.flat());
  throw new CliError(
    "NOT_FOUND",
    `Skill "${ref.slug}" not found in ${where}.${close ? ` Did you mean "${close}"?` : ""} Run \`skills search ${ref.slug}\` to find available skills.`,
  );
}

function candidateSources(config: ProjectConfig, ref: SkillRef): { source: Source; newSource: boolean }[] {
  const existing = (source: Source) => [{ source, newSource: false }];
  if (ref.prefix === undefined) {
    const declared = config.skills.find((s) => s.slug === ref.slug);
    const source = declared && config.sources.find((s) => s.name === declared.source);
    return source ? existing(source) : config.sources.map((s) => ({ source: s, newSource: false }));
  }
  const source =
    config.sources.find((s) => s.name === ref.prefix) ?? config.sources.find((s) => s.registry === ref.prefix);
  if (source) return existing(source);
  const registry = parseSchema(registrySlug, ref.prefix);
  if (!registry.success) {
    throw usageError(`"${ref.prefix}" is neither a source in .skills.yaml nor a valid registry slug.`);
  }
  const names = new Set(config.sources.map((s) => s.name));
  let name = registry.data;
  for (let n = 2; names.has(name); n++) name = `${registry.data}-${n}`;
  const url = config.sources[0]?.url;
  return [{ source: { name, registry: registry.data, ...(url ? { url } : {}) }, newSource: true }];
}
