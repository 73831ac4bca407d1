/**
 * Path safety: the CLI re-checks every path it writes. Paths come from the
 * server's manifests and from config files, so none of them may climb out of
 * the folder they are meant for.
 */
import { lstatSync, type Stats } from "node:fs";
import { join, resolve, sep } from "node:path";
import { CliError } from "../errors.ts";

/**
 * Why `rel` is not a safe relative path (`a/b.md`: forward slashes, no `.`,
 * `..` or empty segments, not absolute, no backslash or NUL), or null if it is.
 */
export function unsafePathReason(rel: string): string | null {
  if (rel.length === 0) return "it is empty";
  if (rel.includes("\0")) return "it contains a NUL character";
  if (rel.includes("\\")) return "it contains a backslash";
  if (rel.startsWith("/") || /^[A-Za-z]:/.test(rel)) return "it is absolute";
  for (const segment of rel.split("/")) {
    if (segment === "") return "it has an empty segment";
    if (segment === "." || segment === "..") return `it has a "${segment}" segment`;
  }
  return null;
}

/**
 * Checks a relative path with `unsafePathReason`.
 * @returns `rel` unchanged.
 * @throws CliError UNSAFE_PATH naming the path and the reason.
 */
export function assertSafeRelativePath(rel: string): string {
  const reason = unsafePathReason(rel);
  if (reason) throw new CliError("UNSAFE_PATH", `Refusing the path ${JSON.stringify(rel)}: ${reason}.`);
  return rel;
}

/**
 * Joins a checked relative path onto `root` and makes sure nothing already on
 * disk between them (the final entry included) is a symlink, which could
 * redirect a write elsewhere. `root` itself is trusted. Synchronous: it runs
 * for every folder a warm sync checks and every file an install writes, and
 * a thread-pool round trip per `lstat` costs more than the call.
 * @returns the absolute joined path, inside `root`.
 * @throws CliError UNSAFE_PATH if `rel` is unsafe, escapes `root` or meets a symlink.
 */
export function safeJoin(root: string, rel: string): string {
  assertSafeRelativePath(rel);
  const base = resolve(root);
  const target = resolve(base, ...rel.split("/"));
  if (!target.startsWith(base + sep)) {
    throw new CliError("UNSAFE_PATH", `Refusing the path ${JSON.stringify(rel)}: it leaves ${base}.`);
  }
  let current = base;
  for (const segment of rel.split("/")) {
    current = join(current, segment);
    const stat = lstatOrNull(current);
    if (!stat) break;
    if (stat.isSymbolicLink()) {
      throw new CliError("UNSAFE_PATH", `Refusing to write through the symbolic link ${current}.`);
    }
  }
  return target;
}

/** `lstat` of a path, or null when it (or a parent) does not exist. */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw error;
  }
}
