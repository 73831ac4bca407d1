/**
 * Whether a skill folder's file paths can be written on every client's disk.
 * Each path alone is already known to be a safe relative path (the API's and
 * the CLI's `unsafePathReason`); these are the rules that make `skills sync`
 * fail on some machine after the server took the folder: names macOS and
 * Windows see as one (letter case, Unicode normalization), a file that is
 * also a folder, names longer than file systems allow, and names Windows
 * cannot create; and the top-level names the CLI writes into an installed
 * folder itself, which a published folder cannot hold without being
 * overwritten on every sync. Pure and import-free, so the API and the CLI
 * bundle the same rules.
 */

/** The most bytes (UTF-8) a file or folder name may have: ext4, APFS and NTFS all stop at 255. */
export const MAX_NAME_BYTES = 255;

/** Windows device names, with or without an extension, in any case. */
const RESERVED = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\..*)?$/i;
/** Characters Windows refuses in a name. */
const WINDOWS_CHARS = /[<>:"|?*]/;

const utf8 = new TextEncoder();

/**
 * Top-level names an installed skill folder gets from the CLI, not from its
 * publisher: `skills sync` writes `meta.yaml` (what was installed) and
 * `skills edit` leaves the `.modified` marker. By name, with why each is taken.
 */
export const GENERATED_NAMES: Readonly<Record<string, string>> = Object.freeze({
  "meta.yaml": "the file `skills sync` writes into every installed skill folder",
  ".modified": "the marker `skills edit` leaves in a skill folder being edited",
});

/**
 * The name a case-insensitive, normalization-insensitive file system (APFS,
 * NTFS) files a name under: NFC, then upper- and lower-cased, which folds
 * what Unicode case folding folds beyond `toLowerCase` (ß and ss, ς and σ).
 * It may join a few names NTFS keeps apart; it never splits names any of them joins.
 */
function folded(name: string): string {
  return name.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");
}

/** Why one name (a path segment) cannot be created everywhere, or null. */
function nameProblem(name: string): string | null {
  const bytes = utf8.encode(name).length;
  if (bytes > MAX_NAME_BYTES) return `has a name of ${bytes} bytes; a file or folder name may have at most ${MAX_NAME_BYTES} bytes (UTF-8)`;
  if (RESERVED.test(name)) return `uses "${name}", a device name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension)`;
  if (/[. ]$/.test(name)) return `has the name "${name}", which ends in a dot or a space; Windows cannot create it`;
  if (WINDOWS_CHARS.test(name)) return `has the name "${name}" with one of < > : " | ? *, which Windows refuses`;
  return null;
}

/** Why a top-level `path` is a name the CLI generates (in any letter case), or null. */
function generatedNameProblem(path: string): string | null {
  const name = Object.keys(GENERATED_NAMES).find((generated) => folded(generated) === folded(path));
  return name ? `"${path}" is ${GENERATED_NAMES[name]}; a published skill folder cannot hold a top-level "${name}".` : null;
}

/**
 * The first reason `paths` cannot be installed as one folder on every
 * client, or null when they can: a top-level name the CLI generates
 * (`GENERATED_NAMES`), a name over 255 bytes, a Windows-reserved
 * name, two paths (or the folders on them) that differ only in letter case or
 * Unicode normalization, a file that is also a folder of another path, or a
 * path listed twice. The message names the path(s) involved.
 * @param paths relative `/`-separated paths, each already a safe path.
 */
export function folderPathProblem(paths: readonly string[]): string | null {
  /** Every file and every folder on the paths so far, by folded name. */
  const seen = new Map<string, { name: string; path: string; isFile: boolean }>();
  for (const path of paths) {
    const segments = path.split("/");
    const generated = segments.length === 1 ? generatedNameProblem(path) : null;
    if (generated) return generated;
    for (const segment of segments) {
      const problem = nameProblem(segment);
      if (problem) return `"${path}" ${problem}.`;
    }
    for (let i = 1; i <= segments.length; i++) {
      const name = segments.slice(0, i).join("/");
      const isFile = i === segments.length;
      const key = folded(name);
      const other = seen.get(key);
      if (!other) {
        seen.set(key, { name, path, isFile });
        continue;
      }
      if (other.isFile !== isFile) {
        const [file, folder] = isFile ? [path, other] : [other.path, { name, path }];
        return `"${file}" is a file, but "${folder.path}" needs a folder "${folder.name}" in its place.`;
      }
      if (other.name !== name) {
        const what = isFile ? "" : ` (in the folders "${other.name}" and "${name}")`;
        return `"${other.path}" and "${path}" differ only in letter case or Unicode normalization${what}; macOS and Windows store them as one.`;
      }
      if (isFile) return `"${path}" is listed twice.`;
    }
  }
  return null;
}
