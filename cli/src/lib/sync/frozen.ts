/**
 * CI mode: `skills sync --frozen` installs exactly what
 * `.skills.lock` pins and `skills verify` checks without writing. Both fail,
 * naming each difference, when the lock is missing, does not match
 * `.skills.yaml`, or a local file differs from its digest. Pure: data in,
 * the list of differences out (empty = in order).
 */
import semver from "semver";
import { CliError } from "../errors.ts";
import { lockedManifest, type Lockfile } from "../lockfile/lockfile.ts";
import type { ProjectConfig } from "../project/config.ts";
import { diffManifests } from "../skill/manifest-diff.ts";
import type { FolderState } from "./plan.ts";

/** Differences between `.skills.yaml` and `.skills.lock`; a missing lock is one difference. */
export function lockDrift(config: ProjectConfig, lock: Lockfile | null): string[] {
  if (!lock) return [".skills.lock is missing: run `skills sync` and commit the lockfile."];
  const problems: string[] = [];
  const registryOf = new Map(config.sources.map((s) => [s.name, s.registry]));
  const locked = new Map(lock.skills.map((s) => [s.slug, s]));
  for (const declared of config.skills) {
    const entry = locked.get(declared.slug);
    const registry = registryOf.get(declared.source);
    if (!entry) problems.push(`${declared.slug}: declared in .skills.yaml but not in .skills.lock`);
    else if (entry.registry !== registry || entry.source !== declared.source) {
      problems.push(`${declared.slug}: .skills.yaml takes it from ${declared.source} (${registry}), .skills.lock from ${entry.source} (${entry.registry})`);
    } else if (lock.upgrade !== "spec" && (entry.constraint ?? null) !== (declared.version ?? null)) {
      // A spec-format lock records no constraint; only whether its version satisfies it is checked.
      problems.push(`${declared.slug}: constraint "${declared.version ?? "none"}" in .skills.yaml, "${entry.constraint ?? "none"}" in .skills.lock`);
    } else if (declared.version !== undefined && !semver.satisfies(entry.version, declared.version)) {
      problems.push(`${declared.slug}: locked v${entry.version} does not satisfy "${declared.version}"`);
    }
  }
  const declared = new Set(config.skills.map((s) => s.slug));
  for (const entry of lock.skills) {
    if (!declared.has(entry.slug)) problems.push(`${entry.slug}: in .skills.lock but no longer declared in .skills.yaml`);
  }
  return problems;
}

/**
 * Differences between the locked folders and the ones on disk: each modified,
 * added or removed file by name; a missing folder only when `missingIsDrift`
 * (`verify`; `sync --frozen` installs it). A spec-format lock pins SKILL.md
 * alone (its sha256), so with one only SKILL.md is compared.
 */
export function folderDrift(
  lock: Lockfile,
  local: ReadonlyMap<string, FolderState>,
  installPath: string,
  missingIsDrift: boolean,
): string[] {
  const problems: string[] = [];
  for (const entry of lock.skills) {
    const folder = local.get(entry.slug);
    if (!folder) {
      if (missingIsDrift) problems.push(`${installPath}/${entry.slug}: missing (run \`skills sync --frozen\`)`);
      continue;
    }
    if (folder.digest === entry.digest) continue;
    if (lock.upgrade === "spec") {
      const skillMd = folder.files.find((f) => f.path === "SKILL.md");
      if (!skillMd) problems.push(`${installPath}/${entry.slug}/SKILL.md: missing`);
      else if (skillMd.sha256 !== entry.sha256) problems.push(`${installPath}/${entry.slug}/SKILL.md: differs from its locked sha256`);
      continue;
    }
    const changes = diffManifests(lockedManifest(entry), folder.files);
    for (const path of changes.modified) problems.push(`${installPath}/${entry.slug}/${path}: differs from its locked digest`);
    for (const path of changes.added) problems.push(`${installPath}/${entry.slug}/${path}: not in the locked version`);
    for (const path of changes.removed) problems.push(`${installPath}/${entry.slug}/${path}: missing`);
  }
  return problems;
}

/** The error of a frozen sync that found differences: OUT_OF_DATE, each difference on a line. */
export function outOfDate(drift: readonly string[]): CliError {
  return new CliError("OUT_OF_DATE", `The lockfile does not match; nothing was changed:\n${drift.map((d) => `  ${d}`).join("\n")}`);
}
