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

/** Largest file handed to a model in one call (bytes); bigger ones are for the CLI. */
export const MAX_READ_BYTES = 1024 * 1024;

/** A file's content: text when its bytes are UTF-8, else base64. */
export interface FileContent {
  encoding: "utf-8" | "base64";
  content: string;
}

/**
 * The bytes of one file of a version, at most MAX_READ_BYTES of them.
 * @throws ApiError NOT_FOUND when the version has no such file; PAYLOAD_TOO_LARGE over MAX_READ_BYTES.
 */
export async function readVersionFile(tx: Tx, skill: { id: string; slug: string }, version: string, path: string): Promise<FileContent> {
  const [row] = await tx<{ size: number; content: Uint8Array | null }[]>`
    select f.size, case when f.size <= ${MAX_READ_BYTES} then b.content end as content
    from skill_versions v
    join skill_files f on f.version_id = v.id
    join file_blobs b on b.sha256 = f.sha256
    where v.skill_id = ${skill.id} and v.version = ${version} and f.path = ${path}`;
  if (!row) throw new ApiError("NOT_FOUND", `File '${path}' is not in version ${version} of '${skill.slug}'; see the files list of get_skill`);
  if (row.content === null) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `File '${path}' is ${row.size} bytes, over the ${MAX_READ_BYTES}-byte limit for reading through MCP; use the skills CLI`);
  }
  try {
    return { encoding: "utf-8", content: new TextDecoder("utf-8", { fatal: true }).decode(row.content) };
  } catch {
    return { encoding: "base64", content: Buffer.from(row.content).toString("base64") };
  }
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
