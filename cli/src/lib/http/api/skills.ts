/** The skill routes of a registry: list, read and create skills. */
import { CliError } from "../../errors.ts";
import type { ApiClient } from "../client.ts";
import type { ListingQuery } from "../../../../../supabase/functions/_shared/wire/listing.ts";
import { createSkillResponse, skillDetailResponse, skillListResponse, type CreateSkillBody } from "../../../../../supabase/functions/_shared/wire/skills.ts";

/** The route of one skill, `/registries/:registry/skills/:slug`, its parts encoded. */
export function skillPath(registry: string, slug: string): string {
  return `/registries/${encodeURIComponent(registry)}/skills/${encodeURIComponent(slug)}`;
}

/** The message of a 403 on a write to `registry/slug`. */
export function noWriteAccess(registry: string, slug: string): string {
  return `You don't have write access to ${registry}/${slug}. Contact a registry admin.`;
}

/** GET /registries/:registry/skills, every page: the latest version of every skill of a registry. */
export async function listSkills(client: ApiClient, registry: string) {
  const path = `/registries/${encodeURIComponent(registry)}/skills`;
  return client.allPages(path, {} satisfies ListingQuery, skillListResponse, (page) => page.skills);
}

/**
 * GET /registries/:registry/skills/:slug: the latest version of one skill.
 * @returns null when the skill (or registry) does not exist or is not visible (404).
 */
export async function getSkill(client: ApiClient, registry: string, slug: string) {
  try {
    return await client.request("GET", skillPath(registry, slug), skillDetailResponse);
  } catch (error) {
    if (error instanceof CliError && error.status === 404) return null;
    throw error;
  }
}

/** POST /registries/:registry/skills: create a skill with its first version. */
export async function createSkill(client: ApiClient, registry: string, body: CreateSkillBody) {
  return client.request("POST", `/registries/${encodeURIComponent(registry)}/skills`, createSkillResponse, {
    body,
    messages: { 403: noWriteAccess(registry, body.slug) },
  });
}
