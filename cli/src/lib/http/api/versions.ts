/** The version routes of a skill: list its versions and publish a new one. */
import type { ApiClient } from "../client.ts";
import { noWriteAccess, skillPath } from "./skills.ts";
import { publishVersionResponse, versionsResponse, type PublishVersionBody } from "../../../../../supabase/functions/_shared/wire/versions.ts";

/** GET /registries/:registry/skills/:slug/versions: every version, newest first. */
export async function listVersions(client: ApiClient, registry: string, slug: string) {
  return (await client.request("GET", `${skillPath(registry, slug)}/versions`, versionsResponse)).versions;
}

/** POST /registries/:registry/skills/:slug/versions: publish a new version (409 if not above the latest). */
export async function publishVersion(client: ApiClient, registry: string, slug: string, body: PublishVersionBody) {
  return client.request("POST", `${skillPath(registry, slug)}/versions`, publishVersionResponse, {
    body,
    messages: { 403: noWriteAccess(registry, slug) },
  });
}
