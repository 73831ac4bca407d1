/**
 * The files of a published version: its manifest, the bytes of one file, and
 * the files a new version carries over from the latest. Bytes stay in
 * file_blobs; RLS shows them only through a version the caller can read.
 */
import { Buffer } from "node:buffer";
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import type { FileEntry, PublishedFile } from "../wire/index.ts";

/** A file named by the sha256 of bytes already stored. */
export type StoredFileReference = Extract<PublishedFile, { sha256: string }>;

/** The manifest of a version, sorted by path. */
export function versionFiles(tx: Tx, versionId: string): Promise<FileEntry[]> {
  return tx<FileEntry[]>`
    select path, sha256, size, executable from skill_files where version_id = ${versionId} order by path`;
}

/** Largest file handed to a model in one call (bytes); bigger ones are named, not read. */
export const MAX_READ_BYTES = 1024 * 1024;

/**
 * A file's content: text when its bytes are UTF-8, else base64; both null
 * for a file over MAX_READ_BYTES, whose bytes are not read.
 */
export type FileContent =
  | { encoding: "utf-8" | "base64"; content: string }
  | { encoding: null; content: null };

/** Bytes as FileContent: UTF-8 text when they decode as such, else base64. */
export function fileContent(bytes: Uint8Array): FileContent {
  try {
    return { encoding: "utf-8", content: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { encoding: "base64", content: Buffer.from(bytes).toString("base64") };
  }
}

/**
 * The bytes of one file of a version, up to MAX_READ_BYTES of them.
 * @throws ApiError NOT_FOUND when the version has no such file.
 */
export async function readVersionFile(tx: Tx, skill: { id: string; slug: string }, version: string, path: string): Promise<FileContent> {
  const [row] = await tx<{ content: Uint8Array | null }[]>`
    select case when f.size <= ${MAX_READ_BYTES} then b.content end as content
    from skill_versions v
    join skill_files f on f.version_id = v.id
    join file_blobs b on b.sha256 = f.sha256
    where v.skill_id = ${skill.id} and v.version = ${version} and f.path = ${path}`;
  if (!row) throw new ApiError("NOT_FOUND", `File '${path}' is not in version ${version} of '${skill.slug}'; see the files list of get_skill`);
  return row.content === null ? { encoding: null, content: null } : fileContent(row.content);
}

/**
 * Every file of the latest version except SKILL.md, named by sha256 and size:
 * the bytes stay in the database (a version may hold 16 MiB), readable to the
 * publisher through that version. `previous` is the latest version, null when none.
 */
export async function filesBesideSkillMd(tx: Tx, skillId: string): Promise<{ previous: string | null; files: StoredFileReference[] }> {
  const rows = await tx<{ version: string; path: string | null; sha256: string | null; size: number | null; executable: boolean | null }[]>`
    select v.version, f.path, f.sha256, f.size, f.executable
    from skill_versions v
    left join skill_files f on f.version_id = v.id and f.path <> 'SKILL.md'
    where v.skill_id = ${skillId} and v.is_latest`;
  const files = rows.filter((r) => r.path !== null).map((r) => ({
    path: r.path!,
    sha256: r.sha256!,
    size: r.size!,
    executable: r.executable!,
  }));
  return { previous: rows[0]?.version ?? null, files };
}
