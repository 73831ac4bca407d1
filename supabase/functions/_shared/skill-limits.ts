/**
 * What one skill version may hold, for the server and the CLI alike: the MCP
 * Skills extension's limits, so every skill we serve loads in every
 * conforming host, and what a hosted function (256 MB, ~2 s of CPU per
 * request) can publish. A server may be configured lower, never higher. Pure
 * and import-free: the CLI bundles this file.
 */

/** Limits of one version: files, and bytes per file and per version. */
export interface SizeLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxVersionBytes: number;
}

/** The defaults (and the ceiling): 512 files, 10 MiB per file, 16 MiB of file bytes per version. */
export const SKILL_LIMITS: Readonly<SizeLimits> = Object.freeze({
  maxFiles: 512,
  maxFileBytes: 10 * 1024 * 1024,
  maxVersionBytes: 16 * 1024 * 1024,
});

/** The first limit a folder breaks: too many files, one file too big, or too many bytes in all. */
export type LimitBreach =
  | { kind: "files"; count: number }
  | { kind: "file"; path: string; size: number }
  | { kind: "bytes"; total: number };

/**
 * Which limit a folder's files break, checked in that order, or null.
 * @param files paths and sizes in bytes; a size of Infinity (unknown) is not counted.
 */
export function limitBreach(files: readonly { path: string; size: number }[], limits: SizeLimits = SKILL_LIMITS): LimitBreach | null {
  if (files.length > limits.maxFiles) return { kind: "files", count: files.length };
  let total = 0;
  for (const file of files) {
    if (file.size === Number.POSITIVE_INFINITY) continue;
    if (file.size > limits.maxFileBytes) return { kind: "file", path: file.path, size: file.size };
    total += file.size;
  }
  return total > limits.maxVersionBytes ? { kind: "bytes", total } : null;
}
