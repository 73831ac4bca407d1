/**
 * Validates an uploaded folder (DESIGN.md "Directory skills"): safe relative
 * paths, no duplicates, a UTF-8 SKILL.md at the root, per-file and per-version
 * size limits. Pure: bytes in, manifest + blobs + digest out.
 */
import { Buffer } from "node:buffer";
import { folderDigest, sha256Hex } from "../../_shared/digest.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { FileEntry, FileUpload } from "../../_shared/types.ts";

/** Size limits in bytes. */
export interface SizeLimits {
  maxFileBytes: number;
  maxVersionBytes: number;
}

/** A folder ready to store. */
export interface PreparedFolder {
  /** SKILL.md as text (skill_versions.content). */
  content: string;
  entries: FileEntry[];
  /** Distinct bytes by sha256. */
  blobs: Map<string, Uint8Array>;
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

function decodeBase64(path: string, text: string): Uint8Array {
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new ApiError("VALIDATION_ERROR", `File '${path}': content_base64 is not valid base64`);
  }
  return Buffer.from(text, "base64");
}

/**
 * @throws ApiError VALIDATION_ERROR for an unsafe or duplicate path, bad base64,
 *   a missing or non-UTF-8 SKILL.md; PAYLOAD_TOO_LARGE over a size limit.
 */
export function prepareFolder(uploads: readonly FileUpload[], limits: SizeLimits): PreparedFolder {
  const seen = new Set<string>();
  const entries: FileEntry[] = [];
  const blobs = new Map<string, Uint8Array>();
  let totalSize = 0;
  let content: string | undefined;
  for (const upload of uploads) {
    const reason = unsafePathReason(upload.path);
    if (reason) throw new ApiError("VALIDATION_ERROR", `Unsafe file path '${upload.path}': ${reason}`);
    if (seen.has(upload.path)) throw new ApiError("VALIDATION_ERROR", `Duplicate file path '${upload.path}'`);
    seen.add(upload.path);
    const bytes = decodeBase64(upload.path, upload.content_base64);
    if (bytes.length > limits.maxFileBytes) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `File '${upload.path}' is ${bytes.length} bytes; the limit is ${limits.maxFileBytes}`);
    }
    totalSize += bytes.length;
    if (totalSize > limits.maxVersionBytes) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `The skill folder exceeds the ${limits.maxVersionBytes}-byte limit per version`);
    }
    const sha256 = sha256Hex(bytes);
    blobs.set(sha256, bytes);
    entries.push({ path: upload.path, sha256, size: bytes.length, executable: upload.executable });
    if (upload.path === "SKILL.md") {
      try {
        content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new ApiError("VALIDATION_ERROR", "SKILL.md must be UTF-8 text");
      }
    }
  }
  if (content === undefined) throw new ApiError("VALIDATION_ERROR", "The skill folder must contain SKILL.md at its root");
  if (content.trim().length === 0) throw new ApiError("VALIDATION_ERROR", "SKILL.md must not be empty");
  return { content, entries, blobs, digest: folderDigest(entries), totalSize };
}
