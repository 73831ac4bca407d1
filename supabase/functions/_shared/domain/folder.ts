/**
 * Validates an uploaded folder: safe relative paths, no duplicates, a UTF-8
 * SKILL.md at the root, limits on files and bytes. Pure: files (inline bytes
 * or references to uploaded ones) in, manifest + inline blobs + digest out.
 */
import { Buffer } from "node:buffer";
import { folderDigest, sha256Hex } from "../digest.ts";
import { ApiError } from "../errors.ts";
import { folderPathProblem } from "../folder-paths.ts";
import type { SizeLimits } from "../skill-limits.ts";
import type { FileEntry, FileReference, PublishedFile } from "../wire/index.ts";


/** A folder ready to store. */
export interface PreparedFolder {
  /** SKILL.md as text (skill_versions.content) when sent inline; null when the manifest names its bytes. */
  content: string | null;
  /** The sha256 of SKILL.md. */
  skillMdSha256: string;
  entries: FileEntry[];
  /** Distinct bytes sent inline, by sha256. */
  blobs: Map<string, Uint8Array>;
  /** Distinct bytes the manifest names by sha256, with their declared size in bytes. */
  referenced: Map<string, number>;
  digest: string;
  totalSize: number;
}

/**
 * Why a path is unsafe, or null when it is a normalized relative path.
 * Mirrors the database's skill_files_path_safe check.
 */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0 || path.length > 512) return "must be 1-512 characters";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "must be relative";
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return "must not contain backslashes or control characters";
  const segments = path.split("/");
  if (segments.some((s) => s === "")) return "must not contain empty segments";
  if (segments.some((s) => s === "." || s === "..")) return "must not contain '.' or '..' segments";
  return null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * How many bytes strict base64 text stands for, without decoding it.
 * @throws ApiError VALIDATION_ERROR when the text is not strict base64 (`name` says which file).
 */
export function base64Size(name: string, text: string): number {
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new ApiError("VALIDATION_ERROR", `File '${name}': content_base64 is not valid base64`);
  }
  return (text.length / 4) * 3 - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
}

/**
 * Base64 text as bytes; `name` says which file in the message.
 * @throws ApiError VALIDATION_ERROR when the text is not strict base64.
 */
function decodeBase64(name: string, text: string): Uint8Array {
  base64Size(name, text);
  return Buffer.from(text, "base64");
}

/**
 * SKILL.md's bytes as text.
 * @throws ApiError VALIDATION_ERROR when they are not UTF-8 or only whitespace.
 */
export function skillMdText(bytes: Uint8Array): string {
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("VALIDATION_ERROR", "SKILL.md must be UTF-8 text");
  }
  if (content.trim().length === 0) throw new ApiError("VALIDATION_ERROR", "SKILL.md must not be empty");
  return content;
}

/**
 * Checks a folder given as inline bytes and/or references to uploaded bytes.
 * Limits apply to the declared sizes; the caller checks references against the stored blobs.
 * @throws ApiError VALIDATION_ERROR for an unsafe or duplicate path, paths no
 *   client can write side by side (`folderPathProblem`), bad base64, a missing
 *   or non-UTF-8 SKILL.md; PAYLOAD_TOO_LARGE over a limit (named in the message).
 */
export function prepareFolder(files: readonly PublishedFile[], limits: SizeLimits): PreparedFolder {
  if (files.length > limits.maxFiles) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The skill folder has ${files.length} files; the limit is ${limits.maxFiles} files per version`);
  }
  const seen = new Set<string>();
  const entries: FileEntry[] = [];
  const blobs = new Map<string, Uint8Array>();
  const referenced = new Map<string, number>();
  let totalSize = 0;
  let content: string | null = null;
  let skillMdSha256: string | undefined;
  for (const file of files) {
    const reason = unsafePathReason(file.path);
    if (reason) throw new ApiError("VALIDATION_ERROR", `Unsafe file path '${file.path}': ${reason}`);
    if (seen.has(file.path)) throw new ApiError("VALIDATION_ERROR", `Duplicate file path '${file.path}'`);
    seen.add(file.path);
    const bytes = "content_base64" in file ? decodeBase64(file.path, file.content_base64) : null;
    const size = bytes ? bytes.length : (file as FileReference).size;
    if (size > limits.maxFileBytes) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `File '${file.path}' is ${size} bytes; the limit is ${limits.maxFileBytes} bytes per file`);
    }
    totalSize += size;
    if (totalSize > limits.maxVersionBytes) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `The skill folder exceeds the limit of ${limits.maxVersionBytes} bytes of files per version`);
    }
    let sha256: string;
    if (bytes) {
      sha256 = sha256Hex(bytes);
      blobs.set(sha256, bytes);
    } else {
      sha256 = (file as FileReference).sha256;
      const declared = referenced.get(sha256);
      if (declared !== undefined && declared !== size) {
        throw new ApiError("VALIDATION_ERROR", `File '${file.path}': sha256 ${sha256} is listed with two different sizes`);
      }
      referenced.set(sha256, size);
    }
    entries.push({ path: file.path, sha256, size, executable: file.executable });
    if (file.path === "SKILL.md") {
      skillMdSha256 = sha256;
      if (bytes) content = skillMdText(bytes);
    }
  }
  const clash = folderPathProblem(entries.map((e) => e.path));
  if (clash) throw new ApiError("VALIDATION_ERROR", `The skill folder cannot be installed everywhere: ${clash}`);
  if (skillMdSha256 === undefined) throw new ApiError("VALIDATION_ERROR", "The skill folder must contain SKILL.md at its root");
  return { content, skillMdSha256, entries, blobs, referenced, digest: folderDigest(entries), totalSize };
}

/** SKILL.md text as the one-file upload `prepareFolder` takes (what a model sends instead of a folder). */
export function skillMdFile(content: string): PublishedFile {
  return { path: "SKILL.md", content_base64: Buffer.from(content, "utf8").toString("base64"), executable: false };
}
