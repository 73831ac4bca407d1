/**
 * The one place that writes skill folders and project files. A folder is
 * built completely in a hidden staging folder beside its target (same
 * filesystem, so renames are atomic), then swapped in; a reader sees the old
 * folder or the new one, never half of either, and a failure leaves the old
 * folder as it was.
 */
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { nodeCrypto } from "../skill/crypto.ts";
import { safeJoin } from "../skill/paths.ts";

/** A file to write: a safe relative path, its bytes, and whether it is executable (0755) or not (0644). */
export interface FileToWrite {
  path: string;
  bytes: Uint8Array;
  executable: boolean;
}

/**
 * Replaces (or creates) the folder `parent/name` with exactly `files`.
 * @param parent an existing-or-creatable folder the caller has checked (e.g. the install path).
 * @throws CliError UNSAFE_PATH for an unsafe name or file path; file system errors as they come.
 */
export async function installFolder(parent: string, name: string, files: readonly FileToWrite[]): Promise<void> {
  const target = safeJoin(parent, name);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.tmp-${name}-`));
  try {
    // mkdtemp makes 0700 folders; an installed skill is an ordinary folder.
    await chmod(staging, 0o755);
    await writeFiles(staging, files);
    await swapIn(staging, target, join(parent, `.old-${name}-${nodeCrypto().randomBytes(4).toString("hex")}`));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes `files` into the fresh folder `staging`: its subfolders first, then every file at once
 * (each file is a few file-system calls, each a trip to libuv's thread pool, which one after
 * another leave mostly idle). Every write has ended when this returns or throws, so the
 * caller's cleanup never races one.
 */
async function writeFiles(staging: string, files: readonly FileToWrite[]): Promise<void> {
  const destinations = files.map((file) => safeJoin(staging, file.path));
  for (const dir of new Set(destinations.map((d) => dirname(d)))) await mkdir(dir, { recursive: true });
  const written = await Promise.allSettled(
    files.map(async (file, i) => {
      const mode = file.executable ? 0o755 : 0o644;
      // `wx`: a manifest listing a path twice is an error, not a silent overwrite.
      await writeFile(destinations[i]!, file.bytes, { mode, flag: "wx" });
      // The umask may have cleared bits that `mode` asked for.
      await chmod(destinations[i]!, mode);
    }),
  );
  const failed = written.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

async function swapIn(staging: string, target: string, aside: string): Promise<void> {
  let movedAside = false;
  try {
    await rename(target, aside);
    movedAside = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (movedAside) await rename(aside, target);
    throw error;
  }
  if (movedAside) await rm(aside, { recursive: true, force: true });
}

/**
 * Deletes the folder `parent/name` if it exists.
 * @throws CliError UNSAFE_PATH if `name` is unsafe or the folder is reached through a symlink.
 */
export async function removeFolder(parent: string, name: string): Promise<void> {
  await rm(safeJoin(parent, name), { recursive: true, force: true });
}

/**
 * Writes a text file at `root/rel` atomically (a temporary file renamed over it), mode 0644.
 * @throws CliError UNSAFE_PATH if `rel` is unsafe or reached through a symlink.
 */
export async function writeFileAtomic(root: string, rel: string, content: string): Promise<void> {
  const destination = safeJoin(root, rel);
  await mkdir(dirname(destination), { recursive: true });
  await writeThrough(`${destination}.tmp-${nodeCrypto().randomBytes(4).toString("hex")}`, destination, content);
}

/** Writes `content` (mode 0644) to `temporary`, then renames it over `destination`; the temporary file goes if either step fails. */
async function writeThrough(temporary: string, destination: string, content: string): Promise<void> {
  try {
    await writeFile(temporary, content, { mode: 0o644 });
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `root/folder/name` atomically, its temporary file in `root` rather than in `folder`:
 * a skill folder never holds a half-written file, and an interrupted write leaves its
 * temporary file where the next sync's repair looks (`recover.ts`).
 * @throws CliError UNSAFE_PATH if `folder` or `name` is unsafe or reached through a symlink.
 */
export async function writeFileBeside(root: string, folder: string, name: string, content: string): Promise<void> {
  const destination = safeJoin(root, `${folder}/${name}`);
  await writeThrough(safeJoin(root, `${name}.tmp-${nodeCrypto().randomBytes(4).toString("hex")}`), destination, content);
}

/**
 * Deletes the file `root/rel` if it exists (e.g. a `.modified` marker).
 * @throws CliError UNSAFE_PATH if `rel` is unsafe or reached through a symlink.
 */
export async function removeFile(root: string, rel: string): Promise<void> {
  await rm(safeJoin(root, rel), { force: true });
}
