/**
 * Versions of a skill: publishing one (semver only, greater than the latest,
 * under a row lock on the skill so two racing publishes cannot both become
 * latest; the bytes go in once per sha256), reading one with its manifest,
 * and listing them.
 */
import semver from "semver";
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import type { FileEntry, PublishedFile, ReviewStatus } from "../wire/index.ts";
import { filesBesideSkillMd, versionFiles } from "./files.ts";
import { prepareFolder, skillMdFile, skillMdText, type PreparedFolder } from "./folder.ts";
import { sizeLimits } from "./limits.ts";
import { assertCanWrite, findSkill } from "./registries.ts";
import { checkSkillFolder, parseSkillMd, skillIdentity, type SkillIdentity, type SkillMd } from "../skill-md.ts";

/**
 * A strict semver string (`1.2.3`, prerelease and build allowed).
 * @throws ApiError VALIDATION_ERROR otherwise.
 */
export function parseVersion(version: string): string {
  if (semver.valid(version) !== version) {
    throw new ApiError("VALIDATION_ERROR", `Version '${version}' is not valid semver (MAJOR.MINOR.PATCH, e.g. 1.0.0)`);
  }
  return version;
}

/** What a stored version looks like to the API. */
export interface StoredVersion {
  id: string;
  version: string;
  digest: string;
}

/** A version just published: what was stored, the skill's name and description now, and what SKILL.md should fix. */
export interface PublishedVersion extends StoredVersion {
  /** `pending` when the registry requires approval and the publisher is not an admin (the database decides). */
  status: ReviewStatus;
  /** The skill record's name and description after the publish (`skillIdentity`). */
  identity: SkillIdentity;
  /** Problems that did not stop the publish (`checkSkillFolder`), each a sentence. */
  warnings: string[];
}

/**
 * Inserts a version with all its files as the current user, after locking the
 * skill and checking the version is above the latest. Inline bytes are stored
 * first; files named by sha256 must be bytes the user uploaded or can read.
 * The folder must be a skill an agent can load (`checkSkillFolder`'s errors);
 * its warnings are returned. The skill's name and description follow SKILL.md
 * (`skillIdentity`): its frontmatter when it has one, else `record` when
 * given (a skill being created), else the skill's row as it is.
 * A `baseVersion` (the version the folder was edited from) older than the
 * latest is refused, so a publish never silently replaces a version its
 * author has not seen; without one, only the semver order is checked.
 * @throws ApiError CONFLICT when not greater than the latest, or (with `latest` and
 *   `base` in its details) when the latest is newer than `baseVersion`; VALIDATION_ERROR /
 *   PAYLOAD_TOO_LARGE for a bad folder; BLOBS_MISSING (422, `missing` lists the
 *   hashes) when named bytes are not there; FORBIDDEN via RLS.
 */
export async function publishVersion(
  tx: Tx,
  input: {
    skillId: string;
    userId: string;
    version: string;
    files: readonly PublishedFile[];
    changelog?: string | undefined;
    baseVersion?: string | undefined;
    record?: { name?: string | undefined; description?: string | undefined };
  },
): Promise<PublishedVersion> {
  const version = parseVersion(input.version);
  const base = input.baseVersion === undefined ? undefined : parseVersion(input.baseVersion);
  const folder = prepareFolder(input.files, sizeLimits());
  const [skill] = await tx<{ slug: string; name: string; description: string | null }[]>`
    select slug, name, description from skills where id = ${input.skillId} for update`;
  // RLS lets a caller lock only a skill it may write: access may have been revoked since it was checked.
  if (!skill) throw lostWriteAccess("this skill");
  const [latest] = await tx<{ version: string }[]>`
    select version from skill_versions where skill_id = ${input.skillId} and is_latest`;
  // Checked under the row lock, so of two publishes based on the same version only the first gets through.
  if (latest && base !== undefined && semver.gt(latest.version, base)) {
    throw new ApiError(
      "CONFLICT",
      `'${skill.slug}' is at ${latest.version}, and this publish is based on ${base}: merge ${latest.version} into it first, or publish without a base version to replace it`,
      undefined,
      { latest: latest.version, base },
    );
  }
  if (latest && !semver.gt(version, latest.version)) {
    throw new ApiError("CONFLICT", `Version ${version} is not greater than the latest version ${latest.version}`);
  }
  // postgres.js types its multi-row VALUES helper for strings and numbers,
  // but binds Uint8Array as bytea at run time.
  for (const chunk of chunks([...folder.blobs], 50)) {
    await tx`
      select private.store_blob(b.sha256, b.content)
      from (values ${tx(chunk.map(([sha256, content]) => [sha256, content]) as never)}) as b(sha256, content)`;
  }
  await checkReferenced(tx, folder);
  const content = folder.content ?? (await storedSkillMd(tx, folder.skillMdSha256));
  const { errors, warnings } = checkSkillFolder(skill.slug, { paths: folder.entries.map((e) => e.path), skillMd: content });
  if (errors.length > 0) throw new ApiError("VALIDATION_ERROR", `The skill folder cannot be loaded by an agent: ${errors.join(" ")}`);
  const [row] = await tx<(StoredVersion & { status: ReviewStatus })[]>`
    insert into skill_versions (skill_id, version, content, changelog, digest, file_count, total_size, published_by)
    values (${input.skillId}, ${version}, ${content}, ${input.changelog ?? null}, ${folder.digest},
            ${folder.entries.length}, ${folder.totalSize}, ${input.userId})
    returning id, version, digest, status`;
  const { status, ...versionRow } = row!;
  // A version waiting for review must not rename a skill others already read; a skill nobody else sees yet follows it.
  const identity = status === "approved" || !(await hasApprovedVersion(tx, input.skillId))
    ? await followSkillMd(tx, input.skillId, skill, parseSkillMd(content) as SkillMd, input.record)
    : { name: skill.name, description: skill.description };
  const fileRows = folder.entries.map((e) => ({ version_id: versionRow.id, ...e }));
  try {
    for (const chunk of chunks(fileRows, 500)) {
      await tx`insert into skill_files ${tx(chunk, "version_id", "path", "sha256", "size", "executable")}`;
    }
  } catch (error) {
    // Bytes checked above can still vanish if another session deletes them
    // before these rows commit: the client uploads them again and retries.
    if ((error as { code?: string }).code === "23503") {
      throw new ApiError("BLOBS_MISSING", "Some files of the manifest are no longer uploaded; upload them again (PUT /api/blobs/:sha256)", undefined, {
        missing: [...folder.referenced.keys()],
      });
    }
    throw error;
  }
  return { ...versionRow, status, identity, warnings };
}

/** True when some version of the skill is approved (the database keeps the flag). */
async function hasApprovedVersion(tx: Tx, skillId: string): Promise<boolean> {
  const [row] = await tx<{ has_approved_version: boolean }[]>`select has_approved_version from skills where id = ${skillId}`;
  return row?.has_approved_version ?? false;
}

/**
 * Sets the skill's name and description to what its new SKILL.md says
 * (`skillIdentity`), so the listing never drifts from the file.
 * @param row the skill as it is; `record` what a create states, used instead of it.
 * @throws ApiError FORBIDDEN when RLS refuses the update (write access revoked meanwhile).
 */
export async function followSkillMd(
  tx: Tx,
  skillId: string,
  row: { slug: string; name: string; description: string | null },
  skillMd: SkillMd,
  record: { name?: string | undefined; description?: string | undefined } | undefined,
): Promise<SkillIdentity> {
  const identity = skillIdentity(row.slug, skillMd, record ?? row);
  if (identity.name === row.name && identity.description === row.description) return identity;
  const updated = await tx`
    update skills set name = ${identity.name}, description = ${identity.description} where id = ${skillId} returning id`;
  if (updated.length === 0) throw lostWriteAccess(`the skill '${row.slug}'`);
  return identity;
}

/** The refusal of a publish whose write access RLS no longer grants; `what` names the skill. */
const lostWriteAccess = (what: string) => new ApiError("FORBIDDEN", `You don't have write access to ${what}. Contact a registry admin.`);

/**
 * Every sha256 the manifest names is bytes the user can see (uploaded by them,
 * or in a version they read; RLS on file_blobs decides) and has its declared size.
 * @throws ApiError BLOBS_MISSING listing the absent hashes; VALIDATION_ERROR for a wrong size.
 */
async function checkReferenced(tx: Tx, folder: PreparedFolder): Promise<void> {
  if (folder.referenced.size === 0) return;
  const rows = await tx<{ sha256: string; size: number }[]>`
    select sha256, size from file_blobs where sha256 = any(${[...folder.referenced.keys()]}::text[])`;
  const stored = new Map(rows.map((r) => [r.sha256, r.size]));
  const missing = [...folder.referenced.keys()].filter((sha256) => !stored.has(sha256));
  if (missing.length > 0) {
    throw new ApiError("BLOBS_MISSING", `${missing.length} file(s) of the manifest are not uploaded; upload them first (PUT /api/blobs/:sha256)`, undefined, {
      missing,
    });
  }
  for (const [sha256, size] of folder.referenced) {
    if (stored.get(sha256) !== size) {
      throw new ApiError("VALIDATION_ERROR", `The file with sha256 ${sha256} has ${stored.get(sha256)} bytes, not ${size} as the manifest says`);
    }
  }
}

/** SKILL.md's text, read from its stored bytes (already checked visible by checkReferenced). */
async function storedSkillMd(tx: Tx, sha256: string): Promise<string> {
  const [row] = await tx<{ content: Uint8Array }[]>`select content from file_blobs where sha256 = ${sha256}`;
  return skillMdText(row!.content);
}

/**
 * Publishes a new version of `registry/skill` as the caller.
 * @throws ApiError NOT_FOUND; FORBIDDEN without write access; anything `publishVersion` throws.
 */
export async function publishToSkill(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  input: { userId: string; version: string; files: readonly PublishedFile[]; changelog?: string | undefined; baseVersion?: string | undefined },
): Promise<PublishedVersion> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  await assertCanWrite(tx, registry.slug, skill);
  return publishVersion(tx, { skillId: skill.id, ...input });
}

/**
 * Publishes a new SKILL.md as the next version of `registry/skill`, carrying
 * the folder's other files over from the latest version unchanged, so new
 * instructions never drop a skill's scripts.
 * @returns the skill, the version it replaced (null when none), the new version and how many files were kept.
 * @throws ApiError NOT_FOUND; FORBIDDEN without write access; anything `publishVersion` throws.
 */
export async function publishSkillMd(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  input: { userId: string; content: string; version: string; changelog?: string; baseVersion?: string | undefined },
) {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  await assertCanWrite(tx, registry.slug, skill);
  const { previous, files } = await filesBesideSkillMd(tx, skill.id);
  const version = await publishVersion(tx, {
    skillId: skill.id,
    userId: input.userId,
    version: input.version,
    files: [skillMdFile(input.content), ...files],
    changelog: input.changelog,
    baseVersion: input.baseVersion,
  });
  return { registry, skill, previous, version, filesKept: files.length };
}

/** One version with its content and manifest; dates as Postgres returns them. */
export interface VersionDetail {
  version: string;
  content: string;
  changelog: string | null;
  digest: string;
  is_latest: boolean;
  published_by: string;
  created_at: Date;
  files: FileEntry[];
}

/** A version's review, yank and deprecation as lists and details show them (RLS shows a review only to those it concerns). */
export interface VersionState {
  status: ReviewStatus;
  review_note: string | null;
  reviewed_by: string | null;
  yanked: { reason: string } | null;
  deprecated: string | null;
}

/** The columns behind `VersionState`, of a version `v`. */
const stateColumns = (tx: Tx) => tx`
  v.status, v.review_note, (select rp.username from profiles rp where rp.id = v.reviewed_by) as reviewed_by,
  v.yanked_reason, v.deprecation_message as deprecated`;

/** A row with the state columns as the wire shows them. */
function withState<R extends { yanked_reason: string | null }>({ yanked_reason, ...row }: R): Omit<R, "yanked_reason"> & { yanked: { reason: string } | null } {
  return { ...row, yanked: yanked_reason === null ? null : { reason: yanked_reason } };
}

/**
 * One version of a skill with content, digest, manifest and state.
 * @param version a version string, or null for the latest.
 * @param approvedOnly true where a version is used rather than reviewed (MCP reads): a pending or
 *   rejected version, which its publisher and reviewers can see, is then missing like any other.
 * @throws ApiError NOT_FOUND when that version does not exist.
 */
export async function versionDetail(
  tx: Tx,
  registrySlug: string,
  skill: { id: string; slug: string },
  version: string | null,
  approvedOnly = false,
): Promise<VersionDetail & VersionState> {
  const [row] = await tx<(Omit<VersionDetail, "files"> & Omit<VersionState, "yanked"> & { id: string; yanked_reason: string | null })[]>`
    select v.id, v.version, v.content, v.changelog, v.digest, v.is_latest, p.username as published_by, v.created_at, ${stateColumns(tx)}
    from skill_versions v join profiles p on p.id = v.published_by
    where v.skill_id = ${skill.id} and (${version}::text is null and v.is_latest or v.version = ${version})
      and (not ${approvedOnly} or v.status = 'approved')`;
  if (!row) {
    throw new ApiError("NOT_FOUND", `Version ${version ?? "latest"} of '${skill.slug}' not found in registry '${registrySlug}'`);
  }
  const { id, ...rest } = withState(row);
  return { ...rest, files: await versionFiles(tx, id) };
}

/**
 * A version of `registry/skill` by its string, or the latest for null.
 * @throws ApiError NOT_FOUND for a skill or version the caller cannot see.
 */
export async function findVersion(tx: Tx, registrySlug: string, skillSlug: string, version: string | null): Promise<VersionDetail & VersionState> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  return versionDetail(tx, registry.slug, skill, version);
}

/** One version as the list shows it (no content, no manifest). */
export interface VersionListRow {
  version: string;
  changelog: string | null;
  digest: string;
  is_latest: boolean;
  file_count: number;
  total_size: number;
  published_by: string;
  created_at: Date;
}

/**
 * Every version of `registry/skill`, newest first.
 * @throws ApiError NOT_FOUND for a skill the caller cannot see.
 */
export async function listVersions(tx: Tx, registrySlug: string, skillSlug: string): Promise<(VersionListRow & VersionState)[]> {
  const { skill } = await findSkill(tx, registrySlug, skillSlug);
  const rows = await tx<(VersionListRow & Omit<VersionState, "yanked"> & { yanked_reason: string | null })[]>`
    select v.version, v.changelog, v.digest, v.is_latest, v.file_count, ${stateColumns(tx)},
           -- A bigint reaches JavaScript as a decimal string; a version's size is far below 2^53, exact as a float8.
           v.total_size::float8 as total_size,
           p.username as published_by, v.created_at
    from skill_versions v join profiles p on p.id = v.published_by
    where v.skill_id = ${skill.id}
    order by v.created_at desc`;
  return rows.map(withState);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
