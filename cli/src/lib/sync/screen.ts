/**
 * The security screen of `skills sync`: the files of every skill about to be
 * installed are scanned from the fetched bytes, before the first write, and
 * skills with findings are installed only when the user accepts them.
 */
import { CliError } from "../errors.ts";
import { refusalMessage, type FlaggedSkill } from "../terminal/accept.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import type { StagedBytes } from "./fetch.ts";

/**
 * Scans `skills` and asks `accept` about those with findings (without it: refuses).
 * @throws CliError REFUSED listing the findings when they are not accepted (nothing is written then).
 */
export async function screenInstalls(
  skills: readonly ResolvedSkill[],
  bytes: StagedBytes,
  accept: (flagged: readonly FlaggedSkill[]) => Promise<boolean> = async () => false,
): Promise<void> {
  const flagged = await flaggedSkills(skills, bytes);
  if (flagged.length > 0 && !(await accept(flagged))) {
    throw new CliError("REFUSED", `${refusalMessage(flagged)}\nNothing was changed. Review the skills, then run again with --yes to accept.`);
  }
}

/** The skills whose files raise security findings; the scanner (and its binary-file detection) loads only when there are skills to scan. */
async function flaggedSkills(skills: readonly ResolvedSkill[], bytes: StagedBytes): Promise<FlaggedSkill[]> {
  if (skills.length === 0) return [];
  const { scanSkill } = await import("../skill/security.ts");
  const flagged: FlaggedSkill[] = [];
  for (const s of skills) {
    const findings = scanSkill(await bytes.files(s));
    if (findings.length > 0) flagged.push({ slug: s.slug, version: s.version, digest: s.digest, findings });
  }
  return flagged;
}
