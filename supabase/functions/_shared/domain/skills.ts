/**
 * A skill's life as the caller acts on it: creating one with its first
 * version, the detail of its latest version, updating its metadata and
 * deleting it. RLS decides; the explicit checks only give a refusal its
 * status and message.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import type { FileEntry, PublishedFile } from "../wire/index.ts";
import { readVersionFile, type FileContent } from "./files.ts";
import { maintainerUsernames } from "./maintainers.ts";
import { assertCanWrite, findRegistry, findSkill, noWriteAccess, type FoundSkill, type RegistryRole, type SkillRow } from "./registries.ts";
import { parseVersion, publishVersion, versionDetail, type VersionDetail } from "./versions.ts";

/**
 * What a refusal to create a skill tells the caller to do next: the API's
 * clients ask an admin, a model is pointed at the tool that fits.
 */
export interface CreateAdvice {
  /** Ends the FORBIDDEN message; gets the caller's role. */
  forbidden(role: RegistryRole | null): string;
  /** Ends the CONFLICT message for a taken slug. */
  conflict: string;
}

/**
 * A new skill's metadata and first version. `name` and `description` count
 * only where SKILL.md has no frontmatter stating them; absent there too, they
 * come from its markdown (`skillIdentity`).
 */
export interface NewSkill {
  slug: string;
  name?: string | undefined;
  description?: string | undefined;
  tags: string[];
  compat: string[];
  metadata: Record<string, string>;
  version: string;
  files: readonly PublishedFile[];
  changelog?: string;
  /** The caller (auth.uid()), recorded as creator and publisher. */
  userId: string;
}

/**
 * Creates a skill and publishes its first version in the caller's transaction.
 * @returns the registry, the skill's row (its name and description as SKILL.md
 *   settles them) and the version, with the folder's warnings.
 * @throws ApiError NOT_FOUND for the registry; FORBIDDEN below contributor;
 *   CONFLICT for a taken slug; anything `publishVersion` throws (VALIDATION_ERROR
 *   for a folder an agent cannot load).
 */
export async function createSkill(tx: Tx, registrySlug: string, input: NewSkill, advice: CreateAdvice) {
  const registry = await findRegistry(tx, registrySlug);
  if (registry.role !== "contributor" && registry.role !== "admin") {
    throw new ApiError("FORBIDDEN", `Only contributors and admins can create skills in '${registry.slug}'${advice.forbidden(registry.role)}`);
  }
  const [existing] = await tx`select 1 from skills where registry_id = ${registry.id} and slug = ${input.slug}`;
  if (existing) throw new ApiError("CONFLICT", `A skill named '${input.slug}' already exists in registry '${registry.slug}'${advice.conflict}`);
  const [skill] = await tx<SkillRow[]>`
    insert into skills (registry_id, slug, name, description, tags, compat, metadata, created_by)
    values (${registry.id}, ${input.slug}, ${input.name ?? input.slug}, ${input.description ?? null}, ${input.tags}, ${input.compat},
            ${tx.json(input.metadata)}, ${input.userId})
    returning id, registry_id, slug, name, description, tags, compat, metadata, created_by, created_at, updated_at`;
  const version = await publishVersion(tx, {
    skillId: skill!.id,
    userId: input.userId,
    version: input.version,
    files: input.files,
    changelog: input.changelog,
    record: { name: input.name, description: input.description },
  });
  return { registry, skill: { ...skill!, ...version.identity }, version };
}

/** A skill with its latest version's content and manifest, its creator's username and its maintainers. */
export interface SkillDetail extends FoundSkill {
  latest: VersionDetail;
  createdBy: string | null;
  maintainers: string[];
}

/** @throws ApiError NOT_FOUND for a skill, or a latest version, the caller cannot see. */
export async function skillDetail(tx: Tx, registrySlug: string, skillSlug: string): Promise<SkillDetail> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  const latest = await versionDetail(tx, registry.slug, skill, null);
  const [creator] = await tx<{ username: string }[]>`select username from profiles where id = ${skill.created_by}`;
  return { registry, skill, latest, createdBy: creator?.username ?? null, maintainers: await maintainerUsernames(tx, skill.id) };
}

/**
 * One file of a version of `registry/skill` with that version's detail
 * and the file's manifest entry; its content is null over MAX_READ_BYTES.
 * @param version a semver string, or null for the latest.
 * @throws ApiError VALIDATION_ERROR for a version that is not semver;
 *   NOT_FOUND for a skill, version or file the caller cannot see.
 */
export async function readSkillFile(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  version: string | null,
  path: string,
): Promise<FoundSkill & { detail: VersionDetail; entry: FileEntry; file: FileContent }> {
  const found = await findSkill(tx, registrySlug, skillSlug);
  // A model reads what installs resolve: approved versions only, even for their publisher.
  const detail = await versionDetail(tx, found.registry.slug, found.skill, version === null ? null : parseVersion(version), true);
  const entry = detail.files.find((f) => f.path === path);
  if (!entry) {
    throw new ApiError("NOT_FOUND", `File '${path}' is not in version ${detail.version} of '${found.skill.slug}'; see the files list of get_skill`);
  }
  const file: FileContent = path === "SKILL.md"
    ? { encoding: "utf-8", content: detail.content }
    : await readVersionFile(tx, found.skill, detail.version, path);
  return { ...found, detail, entry, file };
}

/** Metadata to change; an absent field keeps its value, a null description clears it. */
export interface SkillChanges {
  name?: string;
  description?: string | null;
  tags?: string[];
  compat?: string[];
  metadata?: Record<string, string>;
}

/**
 * Updates a skill's metadata (writers only).
 * @throws ApiError NOT_FOUND; FORBIDDEN without write access, or when it was revoked meanwhile.
 */
export async function updateSkill(tx: Tx, registrySlug: string, skillSlug: string, changes: SkillChanges): Promise<FoundSkill> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  await assertCanWrite(tx, registry.slug, skill);
  const [updated] = await tx<SkillRow[]>`
    update skills set
      name = coalesce(${changes.name ?? null}, name),
      description = case when ${changes.description !== undefined} then ${changes.description ?? null} else description end,
      tags = coalesce(${changes.tags ?? null}::text[], tags),
      compat = coalesce(${changes.compat ?? null}::text[], compat),
      metadata = coalesce(${changes.metadata ? tx.json(changes.metadata) : null}::jsonb, metadata)
    where id = ${skill.id}
    returning id, registry_id, slug, name, description, tags, compat, metadata, created_by, created_at, updated_at`;
  // RLS re-checks write access at this statement: it may have been revoked meanwhile.
  if (!updated) throw noWriteAccess(registry.slug, skill.slug);
  return { registry, skill: updated };
}

/**
 * Deletes a skill with every version (admins only).
 * @throws ApiError NOT_FOUND; FORBIDDEN for a non-admin, or one demoted meanwhile.
 */
export async function deleteSkill(tx: Tx, registrySlug: string, skillSlug: string): Promise<void> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  const refusal = () => new ApiError("FORBIDDEN", `Only admins of '${registry.slug}' can delete skills`);
  if (registry.role !== "admin") throw refusal();
  const deleted = await tx`delete from skills where id = ${skill.id} returning id`;
  if (deleted.length === 0) throw refusal();
}
