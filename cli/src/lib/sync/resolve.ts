/**
 * The resolution step of `skills sync`: POST /sync on each API the sources
 * use, and every answer checked (safe paths, a digest that matches the
 * manifest, the locked digest or SKILL.md hash in frozen mode) before
 * anything is written. A skill that does not resolve is reported with its
 * reason; the sync goes on without it unless it is required.
 */
import { apiClient } from "../http/client.ts";
import { syncSkills } from "../http/api/sync.ts";
import { folderDigest } from "../skill/digest.ts";
import { CliError } from "../errors.ts";
import { unsafePathReason } from "../skill/paths.ts";
import { sourceApiUrl } from "../project/project.ts";
import { manifestOverLimits } from "../skill/limits.ts";
import type { DeclaredSkill, ProjectConfig, Source } from "../project/config.ts";
import { lockHoldsFolder, lockedManifest, type LockedSkill } from "../lockfile/lockfile.ts";
import { skillMdOf } from "./meta.ts";
import type { ResolvedSkill, SyncedSkill, SyncError } from "../../../../supabase/functions/_shared/wire/sync.ts";

/** The most skills the API resolves in one POST /sync; a longer list goes in batches. */
const SYNC_BATCH = 500;

/**
 * The size of a file whose manifest entry came from the lockfile, which records no sizes
 * (the answer left the manifest out): a download then fetches it alone (`batchBlobs`).
 */
const UNKNOWN_SIZE = Number.POSITIVE_INFINITY;

/**
 * What resolution must stick to for one skill: the locked version, and in frozen mode the
 * locked folder digest, or (a spec-format lock, which records no digest) SKILL.md's sha256.
 */
export interface Pin {
  version: string;
  digest?: string;
  skillMd?: string;
}

/**
 * POST /sync on each API the sources use; every answer must be well-formed.
 * @param known lock entries known to be checked resolutions (`Project.lockChecked`), by slug: the
 *   request says the client has their digest (`have`), so an unchanged skill comes back without
 *   its manifest, which is taken from the entry; an answer identical to an entry is not hashed again.
 * @param required whether a skill must resolve for the sync to go on: "all" (frozen mode), or the slugs (`add`'s new ones).
 * @returns the resolution of each declared skill that resolved, by slug; the reason each other
 *   one did not (`failed`, by slug, one line naming it); and the API URL each came from.
 * @throws CliError UNRESOLVED naming every skill that did not resolve when a required one did not (nothing is written then).
 * A pinned skill is asked at its locked version and, when its digest (or SKILL.md) is pinned too (frozen mode), must have it.
 */
export async function resolveAll(
  config: ProjectConfig,
  pins: ReadonlyMap<string, Pin>,
  known: ReadonlyMap<string, LockedSkill>,
  required: "all" | ReadonlySet<string>,
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
  const failed = new Map<string, string>();
  // The APIs are asked at once; one API's batches one after another.
  await Promise.all(
    [...byUrl].map(async ([url, declared]) => {
      for (let i = 0; i < declared.length; i += SYNC_BATCH) {
        await resolveBatch(url, declared.slice(i, i + SYNC_BATCH), { sources, pins, known }, { resolved, failed });
      }
    }),
  );
  const stops = required === "all" ? failed.size > 0 : [...failed.keys()].some((slug) => required.has(slug));
  if (stops) {
    // In the order of .skills.yaml, not of the answers.
    const lines = config.skills.flatMap((d) => (failed.has(d.slug) ? [failed.get(d.slug)!] : []));
    throw new CliError("UNRESOLVED", `Cannot sync; nothing was changed:\n${lines.map((p) => `  ${p}`).join("\n")}`);
  }
  return { resolved, failed, apiUrlOf };
}

/** One POST /sync of `batch` to `url`: each skill's checked resolution goes to `out.resolved`, each failure a line of `out.problems`. */
async function resolveBatch(
  url: string,
  batch: readonly DeclaredSkill[],
  { sources, pins, known }: { sources: ReadonlyMap<string, Source>; pins: ReadonlyMap<string, Pin>; known: ReadonlyMap<string, LockedSkill> },
  out: { resolved: Map<string, ResolvedSkill>; failed: Map<string, string> },
): Promise<void> {
  const request = batch.map((d) => {
    const version = pins.get(d.slug)?.version ?? d.version;
    const have = known.get(d.slug)?.digest;
    return { registry: sources.get(d.source)!.registry, slug: d.slug, ...(version === undefined ? {} : { version }), ...(have === undefined ? {} : { have }) };
  });
  const response = await syncSkills(apiClient(url), { skills: request });
  const found = new Map(response.skills.map((s) => [`${s.registry}/${s.slug}`, s]));
  const failed = new Map(response.errors.map((e) => [`${e.registry}/${e.slug}`, e]));
  for (const [j, d] of batch.entries()) {
    const key = `${request[j]!.registry}/${d.slug}`;
    const error = failed.get(key);
    const skill = found.get(key);
    const pin = pins.get(d.slug);
    if (error) out.failed.set(d.slug, unresolvedLine(error, d));
    else if (!skill) out.failed.set(d.slug, `${d.slug}: ${url} did not resolve it`);
    else if (pin?.digest && pin.digest !== skill.digest) {
      out.failed.set(d.slug, `${d.slug}: ${skill.registry} v${skill.version} is not the folder .skills.lock pins (digest differs)`);
    } else {
      const resolution = checkedResolution(skill, url, known.get(d.slug));
      if (pin?.skillMd && pin.skillMd !== skillMdOf(resolution.files)) {
        out.failed.set(d.slug, `${d.slug}: ${skill.registry} v${skill.version} is not the SKILL.md .skills.lock pins (sha256 differs)`);
      } else out.resolved.set(d.slug, resolution);
    }
  }
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

/**
 * The resolution of an answer, refused before any write when its paths are unsafe or repeated, its
 * files break the skill limits (`manifestOverLimits`), or its digest does not match its manifest. A
 * left-out manifest is the `known` entry's, whose digest the answer must then have; an answer
 * identical to `known` is not hashed again.
 */
function checkedResolution(skill: SyncedSkill, url: string, known: LockedSkill | undefined): ResolvedSkill {
  const name = `${skill.registry}/${skill.slug} v${skill.version}`;
  if (!skill.files) {
    if (known?.digest !== skill.digest) throw new CliError("INTEGRITY", `${url} sent ${name} without its files, as if this repository had them.`);
    return { ...skill, files: lockedManifest(known).map((f) => ({ ...f, size: UNKNOWN_SIZE })) };
  }
  const resolution = { ...skill, files: skill.files };
  for (const file of resolution.files) {
    const reason = unsafePathReason(file.path);
    if (reason) throw new CliError("UNSAFE_PATH", `${url} sent ${skill.registry}/${skill.slug} with the path ${JSON.stringify(file.path)}: ${reason}.`);
  }
  if (new Set(resolution.files.map((f) => f.path)).size !== resolution.files.length) {
    throw new CliError("INTEGRITY", `${url} sent ${name} with a file listed twice.`);
  }
  const over = manifestOverLimits(resolution.files);
  if (over) throw new CliError("INTEGRITY", `${url} sent ${name} ${over}; nothing was changed.`);
  if (!(known && lockHoldsFolder(known, resolution)) && folderDigest(resolution.files) !== skill.digest) {
    throw new CliError("INTEGRITY", `${url} sent ${name} with a digest that does not match its files.`);
  }
  return resolution;
}
