/** Registry and skill slugs and their rules, for route parameters, request bodies and the CLI's arguments and project files. */
import * as z from "zod/mini";
// For its English locale, so these shapes word their issues as every other wire shape does.
import "./common.ts";

/** A slug of lowercase letters, digits and single hyphens within a length range; every message names the rule. */
function slugSchema(kind: string, rule: string, min: number, max: number) {
  const message = `${kind} slug must be ${rule}`;
  return z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, message), z.minLength(min, message), z.maxLength(max, message));
}

/** The rule a registry slug follows, as messages quote it. */
export const REGISTRY_SLUG_RULE =
  "3-39 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
/** A registry slug (`:slug` of /registries/…): a username or an organization slug. */
export const registrySlug = slugSchema("registry", REGISTRY_SLUG_RULE, 3, 39);

/** The rule a skill slug follows, as messages quote it. */
export const SKILL_SLUG_RULE =
  "2-64 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
/** A skill slug (`:skillSlug` of /registries/:slug/skills/…): the Agent Skills `name` and the folder name. */
export const skillSlug = slugSchema("skill", SKILL_SLUG_RULE, 2, 64);
