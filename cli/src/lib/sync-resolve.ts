/**
 * The resolution step of `skills sync`: POST /sync on each API the sources
 * use, and every answer checked (safe paths, a digest that matches the
 * manifest, the locked digest in frozen mode) before anything is written.
 */
import { apiClient } from "./api.ts";
import { folderDigest } from "./digest.ts";
import { CliError } from "./errors.ts";
import { unsafePathReason } from "./paths.ts";
import { sourceApiUrl } from "./project.ts";
import type { DeclaredSkill, ProjectConfig } from "./project-config.ts";
import type { ResolvedSkill, SyncError } from "./wire.ts";

/** The sync request limit of the API (spec §3.3). */
const SYNC_BATCH = 500;

/**
 * POST /sync on each API the sources use; every declared skill must come back resolved and well-formed.
 * @param checkedBefore whether this exact resolution (digest and manifest) was checked before, so
 *   its digest need not be computed again (a warm sync then hashes nothing).
 * @returns the resolution of each declared skill by slug, and the API URL each came from.
 * @throws CliError UNRESOLVED naming every skill that did not resolve (nothing is written then).
 * A pinned skill is asked at its locked version and, when its digest is pinned too (frozen mode), must have it.
 */
export async function resolveAll(
  config: ProjectConfig,
  pins: ReadonlyMap<string, { version: string; digest?: string }>,
  checkedBefore: (skill: ResolvedSkill) => boolean,
) {
  const sources = new Map(config.sources.map((s) => [s.name, s]));
  const byUrl = new Map<string, DeclaredSkill[]>();
  const apiUrlOf = new Map<string, string>();
  for (const declared of config.skills) {
    const url = sourceApiUrl(sources.get(declared.source)!);
    byUrl.set(url, [...(byUrl.get(url) ?? []), declared]);
    apiUrlOf.set(declared.slug, url);
  }
  const resolved = new Map<string, ResolvedSkill>();
  const problems: string[] = [];
  await Promise.all(
    [...byUrl].map(async ([url, declared]) => {
      for (let i = 0; i < declared.length; i += SYNC_BATCH) {
        const batch = declared.slice(i, i + SYNC_BATCH);
        const request = batch.map((d) => {
          const version = pins.get(d.slug)?.version ?? d.version;
          return { registry: sources.get(d.source)!.registry, slug: d.slug, ...(version === undefined ? {} : { version }) };
        });
        const response = await apiClient(url).sync({ skills: request });
        const found = new Map(response.skills.map((s) => [`${s.registry}/${s.slug}`, s]));
        const failed = new Map(response.errors.map((e) => [`${e.registry}/${e.slug}`, e]));
        for (const [j, d] of batch.entries()) {
          const key = `${request[j]!.registry}/${d.slug}`;
          const error = failed.get(key);
          const skill = found.get(key);
          if (error) problems.push(unresolvedLine(error, d));
          else if (!skill) problems.push(`${d.slug}: ${url} did not resolve it`);
          else {
            const pin = pins.get(d.slug);
            if (pin?.digest && pin.digest !== skill.digest) {
              problems.push(`${d.slug}: ${skill.registry} v${skill.version} is not the folder .skills.lock pins (digest differs)`);
            } else resolved.set(d.slug, checkedResolution(skill, url, checkedBefore));
          }
        }
      }
    }),
  );
  if (problems.length > 0) {
    throw new CliError("UNRESOLVED", `Cannot sync; nothing was changed:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return { resolved, apiUrlOf };
}

function unresolvedLine(error: SyncError, declared: DeclaredSkill): string {
  const constraint = error.version ?? declared.version;
  switch (error.code) {
    case "NO_MATCHING_VERSION":
      return `${declared.slug}: no version matches "${constraint}" in ${error.registry}`;
    case "NOT_FOUND":
      return `${declared.slug}: not found in ${error.registry}`;
    case "INVALID_CONSTRAINT":
      return `${declared.slug}: invalid version constraint "${constraint}"`;
    default:
      return `${declared.slug}: ${error.message}`;
  }
}

/** A resolution whose paths are unsafe or repeated, or whose digest does not match its manifest, is refused before any write. */
function checkedResolution(skill: ResolvedSkill, url: string, checkedBefore: (skill: ResolvedSkill) => boolean): ResolvedSkill {
  for (const file of skill.files) {
    const reason = unsafePathReason(file.path);
    if (reason) throw new CliError("UNSAFE_PATH", `${url} sent ${skill.registry}/${skill.slug} with the path ${JSON.stringify(file.path)}: ${reason}.`);
  }
  if (new Set(skill.files.map((f) => f.path)).size !== skill.files.length) {
    throw new CliError("INTEGRITY", `${url} sent ${skill.registry}/${skill.slug} v${skill.version} with a file listed twice.`);
  }
  if (!checkedBefore(skill) && folderDigest(skill.files) !== skill.digest) {
    throw new CliError("INTEGRITY", `${url} sent ${skill.registry}/${skill.slug} v${skill.version} with a digest that does not match its files.`);
  }
  return skill;
}

