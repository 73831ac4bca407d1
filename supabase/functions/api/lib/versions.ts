/**
 * Publishing a version (spec §3.2, DESIGN.md "Versions"): semver only, greater
 * than the latest, under a row lock on the skill so two racing publishes
 * cannot both become latest. The bytes go in once per sha256.
 */
import semver from "semver";
import type { Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { intEnv } from "../../_shared/env.ts";
import type { FileUpload } from "../../_shared/types.ts";
import { prepareFolder, type SizeLimits } from "./files.ts";

/** Size limits from the environment (bytes); the real fixtures fit the defaults. */
export function sizeLimits(): SizeLimits {
  return {
    maxFileBytes: intEnv("SKILLS_MAX_FILE_BYTES", 10 * 1024 * 1024),
    maxVersionBytes: intEnv("SKILLS_MAX_VERSION_BYTES", 50 * 1024 * 1024),
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
 * skill and checking the version is above the latest.
 * @throws ApiError CONFLICT when not greater than the latest; VALIDATION_ERROR /
 *   PAYLOAD_TOO_LARGE for a bad folder; FORBIDDEN via RLS.
 */
export async function publishVersion(
  tx: Tx,
  input: { skillId: string; userId: string; version: string; files: readonly FileUpload[]; changelog?: string },
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
  const [row] = await tx<StoredVersion[]>`
    insert into skill_versions (skill_id, version, content, changelog, digest, file_count, total_size, published_by)
    values (${input.skillId}, ${version}, ${folder.content}, ${input.changelog ?? null}, ${folder.digest},
            ${folder.entries.length}, ${folder.totalSize}, ${input.userId})
    returning id, version, digest`;
  const versionRow = row!;
  const fileRows = folder.entries.map((e) => ({ version_id: versionRow.id, ...e }));
  for (const chunk of chunks(fileRows, 500)) {
    await tx`insert into skill_files ${tx(chunk, "version_id", "path", "sha256", "size", "executable")}`;
  }
  return versionRow;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
