/**
 * Publishing a version (spec §3.2): semver only, greater
 * than the latest, under a row lock on the skill so two racing publishes
 * cannot both become latest. The bytes go in once per sha256.
 */
import semver from "semver";
import type { Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { intEnv } from "../../_shared/env.ts";
import type { PublishedFile } from "../../_shared/types.ts";
import { SKILL_LIMITS, type SizeLimits } from "../../_shared/skill-limits.ts";
import { prepareFolder, skillMdText, type PreparedFolder } from "./files.ts";

/**
 * The limits in force: SKILLS_MAX_VERSION_FILES, SKILLS_MAX_FILE_BYTES,
 * SKILLS_MAX_VERSION_BYTES, each at most its SKILL_LIMITS default. A larger
 * value is ignored: clients (the CLI) refuse anything beyond the defaults, so
 * a skill published past them could never be synced.
 */
export function sizeLimits(): SizeLimits {
  const lowered = (name: string, fallback: number) => Math.min(intEnv(name, fallback), fallback);
  return {
    maxFiles: lowered("SKILLS_MAX_VERSION_FILES", SKILL_LIMITS.maxFiles),
    maxFileBytes: lowered("SKILLS_MAX_FILE_BYTES", SKILL_LIMITS.maxFileBytes),
    maxVersionBytes: lowered("SKILLS_MAX_VERSION_BYTES", SKILL_LIMITS.maxVersionBytes),
  };
}

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

/**
 * Inserts a version with all its files as the current user, after locking the
 * skill and checking the version is above the latest. Inline bytes are stored
 * first; files named by sha256 must be bytes the user uploaded or can read.
 * @throws ApiError CONFLICT when not greater than the latest; VALIDATION_ERROR /
 *   PAYLOAD_TOO_LARGE for a bad folder; BLOBS_MISSING (422, `missing` lists the
 *   hashes) when named bytes are not there; FORBIDDEN via RLS.
 */
export async function publishVersion(
  tx: Tx,
  input: { skillId: string; userId: string; version: string; files: readonly PublishedFile[]; changelog?: string },
): Promise<StoredVersion> {
  const version = parseVersion(input.version);
  const folder = prepareFolder(input.files, sizeLimits());
  await tx`select id from skills where id = ${input.skillId} for update`;
  const [latest] = await tx<{ version: string }[]>`
    select version from skill_versions where skill_id = ${input.skillId} and is_latest`;
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
  const [row] = await tx<StoredVersion[]>`
    insert into skill_versions (skill_id, version, content, changelog, digest, file_count, total_size, published_by)
    values (${input.skillId}, ${version}, ${content}, ${input.changelog ?? null}, ${folder.digest},
            ${folder.entries.length}, ${folder.totalSize}, ${input.userId})
    returning id, version, digest`;
  const versionRow = row!;
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
  return versionRow;
}

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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
