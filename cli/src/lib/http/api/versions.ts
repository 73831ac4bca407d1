/** The version routes of a skill: list its versions and publish a new one. */
import type { ApiClient } from "../client.ts";
import { noWriteAccess, skillPath } from "./skills.ts";
import { publishVersionResponse, staleBaseError, versionsResponse, type PublishVersionBody } from "../../../../../supabase/functions/_shared/wire/versions.ts";

/** GET /registries/:registry/skills/:slug/versions: every version, newest first. */
export async function listVersions(client: ApiClient, registry: string, slug: string) {
  return (await client.request("GET", `${skillPath(registry, slug)}/versions`, versionsResponse)).versions;
}

/**
 * POST /registries/:registry/skills/:slug/versions: publish a new version (409 if not above the latest,
 * or, with `base_version`, when a newer version than it exists: `staleBaseMessage`).
 */
export async function publishVersion(client: ApiClient, registry: string, slug: string, body: PublishVersionBody) {
  return client.request("POST", `${skillPath(registry, slug)}/versions`, publishVersionResponse, {
    body,
    messages: {
      403: noWriteAccess(registry, slug),
      409: (said, answer) => {
        const stale = staleBaseError.safeParse(answer);
        return stale.success ? staleBaseMessage(registry, slug, stale.data.error.latest, stale.data.error.base) : (said ?? "That version already exists.");
      },
    },
  });
}

/** The refusal of a push whose folder was edited from `base` while `latest` was published: what to run next. */
export function staleBaseMessage(registry: string, slug: string, latest: string, base: string): string {
  return `${registry}/${slug} is at ${latest}, your folder is based on ${base}: run \`skills diff ${slug}\` and \`skills update ${slug}\`, or push with \`--force\`. Nothing was published.`;
}
