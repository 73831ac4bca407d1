/**
 * The cast and the rows of the access-control matrix (rls-matrix.md): one
 * signed-up user per actor, and, on demand, a fresh organization and fresh
 * personal-registry rows for them to act on. Fixture rows are written as the
 * database owner (fast, and not what is under test); every assertion then
 * runs as the actor, over SQL with its JWT claims or over HTTP with its token.
 */
import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { folderDigest, sha256Hex } from "../../functions/_shared/digest.ts";
import { signUp, uniqueName, type TestUser } from "./api.ts";

/** The matrix's columns, in order. */
export const ACTORS = ["anon", "outsider", "invitee", "member", "contributor", "maintainer", "admin", "owner"] as const;
export type ActorName = (typeof ACTORS)[number];

/** Every signed-up user of the matrix; `bystander` is a plain member nobody acts as. */
export type Cast = Record<Exclude<ActorName, "anon"> | "bystander", TestUser>;

/** Signs up the cast through the API (each gets a personal registry). */
export async function signUpCast(apiUrl: string): Promise<Cast> {
  const names = ["outsider", "invitee", "member", "contributor", "maintainer", "admin", "owner", "bystander"] as const;
  const users = await Promise.all(names.map((n) => signUp(apiUrl, n.slice(0, 8))));
  return Object.fromEntries(names.map((n, i) => [n, users[i]!])) as Cast;
}

/**
 * The rows an actor acts on. On the organization side: the admin's skill
 * (maintained by `maintainer`), the contributor's skill, the bystander's
 * membership. On the personal side the owner plays every part: their skill
 * (which they maintain), a second skill without maintainers, their own membership.
 */
export interface Target {
  registryId: string;
  registrySlug: string;
  /** The admin's skill / the owner's skill, with a version, a file and an issue report. */
  skill: { id: string; slug: string; versionId: string; version: string; blob: string; blobSize: number; issueId: string };
  /** The contributor's skill / the owner's skill. */
  ownSkill: { id: string; slug: string };
  /** The member row others change or remove: the bystander's / the owner's own. */
  memberUserId: string;
  /** Someone who may become a maintainer, and of which skill: contributor of the admin's skill / owner of their second skill. */
  newMaintainer: { skillId: string; skillSlug: string; userId: string; username: string };
  /** The same for the contributor's skill: maintainer of it / owner of their second skill. */
  newMaintainerOfOwn: { skillId: string; skillSlug: string; userId: string; username: string };
  /** The current maintainer of `skill`. */
  maintainer: { userId: string; username: string };
  /** The organization's pending invitation for `invitee` (the personal side points at the organization's). */
  invitationId: string;
  /** A word only this target's `skill` contains, to search for. */
  word: string;
}

/** A fixture skill with version 1.0.0 of one file, SKILL.md, its digest and sizes those of its bytes. */
async function skillWithVersion(sql: postgres.Sql, registryId: string, slug: string, name: string, creator: string) {
  const bytes = Buffer.from(`# ${slug} ${randomBytes(8).toString("hex")}\n`);
  const sha = sha256Hex(bytes);
  const digest = folderDigest([{ path: "SKILL.md", sha256: sha, executable: false }]);
  return sql.begin(async (tx) => {
    const [skill] = await tx<{ id: string }[]>`
      insert into skills (registry_id, slug, name, description, created_by)
      values (${registryId}, ${slug}, ${name}, 'A matrix fixture', ${creator}) returning id`;
    await tx`insert into file_blobs (sha256, size, content) values (${sha}, ${bytes.length}, ${bytes})`;
    const [version] = await tx<{ id: string }[]>`
      insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
      values (${skill!.id}, '1.0.0', ${bytes.toString()}, ${digest}, 1, ${bytes.length}, ${creator}) returning id`;
    await tx`insert into skill_files (version_id, path, sha256, size) values (${version!.id}, 'SKILL.md', ${sha}, ${bytes.length})`;
    return { id: skill!.id, slug, versionId: version!.id, version: "1.0.0", blob: sha, blobSize: bytes.length };
  });
}

async function issue(sql: postgres.Sql, skillId: string, reporter: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into skill_issues (skill_id, reported_by, issue) values (${skillId}, ${reporter}, 'The steps are out of date') returning id`;
  return row!.id;
}

/** A fresh organization: admin (by the creation trigger), member, contributor, maintainer, bystander; its rows. */
export async function organizationTarget(sql: postgres.Sql, cast: Cast): Promise<Target> {
  const slug = uniqueName("matrix");
  const word = `zq${randomBytes(5).toString("hex")}`;
  const [registry] = await sql<{ id: string }[]>`
    insert into registries (slug, name, type, created_by) values (${slug}, ${slug}, 'organization', ${cast.admin.id}) returning id`;
  const registryId = registry!.id;
  await sql`
    insert into registry_members (registry_id, user_id, role) values
      (${registryId}, ${cast.member.id}, 'member'), (${registryId}, ${cast.contributor.id}, 'contributor'),
      (${registryId}, ${cast.maintainer.id}, 'contributor'), (${registryId}, ${cast.bystander.id}, 'member')`;
  const skill = await skillWithVersion(sql, registryId, "admins-skill", `Admin skill ${word}`, cast.admin.id);
  await sql`insert into skill_maintainers (skill_id, user_id) values (${skill.id}, ${cast.maintainer.id})`;
  const own = await skillWithVersion(sql, registryId, "contributors-skill", "Contributor skill", cast.contributor.id);
  const [invitation] = await sql<{ id: string }[]>`
    insert into invitations (registry_id, email, role, invited_by) values (${registryId}, ${cast.invitee.email}, 'member', ${cast.admin.id})
    returning id`;
  return {
    registryId,
    registrySlug: slug,
    skill: { ...skill, issueId: await issue(sql, skill.id, cast.member.id) },
    ownSkill: { id: own.id, slug: own.slug },
    memberUserId: cast.bystander.id,
    newMaintainer: { skillId: skill.id, skillSlug: skill.slug, userId: cast.contributor.id, username: cast.contributor.username },
    newMaintainerOfOwn: { skillId: own.id, skillSlug: own.slug, userId: cast.maintainer.id, username: cast.maintainer.username },
    maintainer: { userId: cast.maintainer.id, username: cast.maintainer.username },
    invitationId: invitation!.id,
    word,
  };
}

/** Fresh rows in the owner's personal registry; `invitationId` is the organization's (the owner is not invited). */
export async function personalTarget(sql: postgres.Sql, cast: Cast, organization: Pick<Target, "invitationId">): Promise<Target> {
  const owner = cast.owner;
  const word = `zq${randomBytes(5).toString("hex")}`;
  const [registry] = await sql<{ id: string }[]>`select id from registries where slug = ${owner.username}`;
  const registryId = registry!.id;
  const skill = await skillWithVersion(sql, registryId, uniqueName("mine"), `Owner skill ${word}`, owner.id);
  await sql`insert into skill_maintainers (skill_id, user_id) values (${skill.id}, ${owner.id})`;
  const second = await skillWithVersion(sql, registryId, uniqueName("second"), "Second skill", owner.id);
  const me = { skillId: second.id, skillSlug: second.slug, userId: owner.id, username: owner.username };
  return {
    registryId,
    registrySlug: owner.username,
    skill: { ...skill, issueId: await issue(sql, skill.id, owner.id) },
    ownSkill: { id: skill.id, slug: skill.slug },
    memberUserId: owner.id,
    newMaintainer: me,
    newMaintainerOfOwn: me,
    maintainer: { userId: owner.id, username: owner.username },
    invitationId: organization.invitationId,
    word,
  };
}
