/**
 * The real local platform for CLI tests: the embedded-database one started by
 * the integration project's global setup, and ways to put data in it the way
 * a user (or, for organizations, an operator) would.
 */
import postgres from "postgres";
import { inject } from "vitest";
import type {} from "../../../supabase/tests/support/global-setup.ts";
import { call, type TestUser } from "../../../supabase/tests/support/api.ts";

/** The platform on the embedded PGlite, as `yarn start` runs it. */
export function localPlatform() {
  const platform = inject("platforms").find((p) => p.name === "pglite");
  if (!platform) throw new Error("the integration global setup provides no pglite platform");
  return platform;
}

type Upload = { path: string; content_base64: string; executable: boolean };

async function expectCreated(what: string, res: Promise<{ status: number; body: any }>) {
  const { status, body } = await res;
  if (status !== 201) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Creates a skill through the API as `user` (POST /registries/:registry/skills). */
export function createSkill(
  apiUrl: string,
  user: TestUser,
  registry: string,
  skill: { slug: string; version?: string; tags?: string[]; files: Upload[] },
) {
  const body = { name: skill.slug, description: `About ${skill.slug}`, ...skill };
  return expectCreated(`create ${registry}/${skill.slug}`, call(apiUrl, "POST", `/registries/${registry}/skills`, { token: user.token, body }));
}

/** Publishes a version through the API as `user` (POST …/versions). */
export function publishVersion(apiUrl: string, user: TestUser, registry: string, slug: string, version: string, files: Upload[]) {
  const path = `/registries/${registry}/skills/${slug}/versions`;
  return expectCreated(`publish ${registry}/${slug}@${version}`, call(apiUrl, "POST", path, { token: user.token, body: { version, files } }));
}

/** Reads a skill's latest version through the API as `user`. */
export async function getSkill(apiUrl: string, user: TestUser, registry: string, slug: string) {
  const res = await call(apiUrl, "GET", `/registries/${registry}/skills/${slug}`, { token: user.token });
  if (res.status !== 200) throw new Error(`get ${registry}/${slug}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * An organization registry created by `admin` (its first admin, by trigger),
 * with `members` added at their roles, in SQL as the database superuser: one
 * statement per member instead of an invitation round trip each
 * (organizations.test.ts drives the real routes through the CLI).
 */
export async function createOrganization(
  dbUrl: string,
  slug: string,
  admin: TestUser,
  members: { user: TestUser; role: "member" | "contributor" | "admin" }[],
): Promise<void> {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  try {
    const [registry] = await sql`
      insert into registries (slug, name, type, created_by) values (${slug}, ${slug}, 'organization', ${admin.id}) returning id`;
    for (const { user, role } of members) {
      await sql`insert into registry_members (registry_id, user_id, role) values (${registry!.id}, ${user.id}, ${role})`;
    }
  } finally {
    await sql.end();
  }
}
