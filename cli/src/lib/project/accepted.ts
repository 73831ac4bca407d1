/**
 * Security warnings the user accepted in this project: `<install_path>/.skills-accepted.json`,
 * git-ignored with the install path like the rest of the local state. An acceptance is a
 * decision about what this repository's agents read, so it is kept per project, not in the
 * user's global config: the same skill in another repository asks there again. It names the
 * skill and the digest of the files accepted, so the same version never asks twice and any
 * other content (a new version, an edit) asks again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** File name of the accepted warnings, inside the install path. */
export const ACCEPTED_FILE = ".skills-accepted.json";

/** The digest and version accepted last for each skill, by slug. */
export type Accepted = Record<string, { digest: string; version: string }>;

/** Reads the accepted warnings; a missing or unreadable file accepts nothing. */
export function readAccepted(installDir: string): Accepted {
  try {
    const data = JSON.parse(readFileSync(join(installDir, ACCEPTED_FILE), "utf8")) as { version?: number; skills?: Accepted };
    return data.version === 1 && typeof data.skills === "object" && data.skills !== null ? data.skills : {};
  } catch {
    return {};
  }
}

/** Records that the findings of each skill (at its digest) were accepted, replacing what was accepted for it before. */
export async function recordAccepted(installDir: string, skills: readonly { slug: string; digest: string; version: string }[]): Promise<void> {
  const accepted = readAccepted(installDir);
  for (const { slug, digest, version } of skills) accepted[slug] = { digest, version };
  const { writeFileAtomic } = await import("./install.ts");
  await writeFileAtomic(installDir, ACCEPTED_FILE, `${JSON.stringify({ version: 1, skills: accepted }, null, 2)}\n`);
}
