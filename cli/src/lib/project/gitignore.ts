/**
 * The `.gitignore` entry for the install path (`init` and `sync` add it): installed
 * skill files are not committed, only `.skills.yaml` and `.skills.lock`.
 */

/**
 * `.gitignore` text that ignores `<installPath>/`.
 * @param current the file's text, or null when there is none.
 * @param installPath a normalized install path (e.g. `.skills`).
 * @returns the new text, or null when an entry for the path is already there.
 */
export function withInstallPathIgnored(current: string | null, installPath: string): string | null {
  const ignored = (current ?? "").split(/\r?\n/).some((line) => line.trim().replace(/^\//, "").replace(/\/$/, "") === installPath);
  if (ignored) return null;
  const before = current === null || current === "" ? "" : current.endsWith("\n") ? current : `${current}\n`;
  return `${before}${installPath}/\n`;
}
