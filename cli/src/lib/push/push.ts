/**
 * `skills push` (spec §6.6): publish a local skill folder as a new skill or a
 * new version, then, when that folder is the installed copy, record it in the
 * lockfile so the next sync sees no local change.
 */
import { resolve } from "node:path";
import semver from "semver";
import { apiClient } from "../http/api.ts";
import { folderDigest, sha256Hex } from "../skill/digest.ts";
import { CliError } from "../errors.ts";
import { MODIFIED_MARKER, readFolder, type FolderFile } from "../skill/folder.ts";
import { parseFrontmatter, splitList } from "../skill/frontmatter.ts";
import { removeFile, writeFileAtomic } from "../project/install.ts";
import { LOCKFILE_FILE, lockTimestamp, lockedSkillOf } from "../lockfile/lockfile.ts";
import { serializeLockfile } from "../lockfile/text.ts";
import type { Project } from "../project/project.ts";
import { scanSkill } from "../skill/security.ts";
import { uninstallableNames, validateSkill } from "../skill/validate.ts";
import { refusalMessage, type FlaggedSkill } from "../terminal/accept.ts";
import type { CreateSkillBody, FileReference } from "../http/wire.ts";
import { limitBreach, SKILL_LIMITS } from "../../../../supabase/functions/_shared/skill-limits.ts";
import { byPath } from "../order.ts";

/** What to push where. */
export interface PushRequest {
  slug: string;
  /** The skill folder. */
  dir: string;
  registry: string;
  apiUrl: string;
  /** The version to publish; default 1.0.0 for a new skill, else the latest with its patch bumped. */
  version?: string | undefined;
  changelog?: string | undefined;
  /** The project, if any, whose lockfile may record the push. */
  project: Project | null;
  /** SKILL.md bytes replacing the folder's (`--from-stdin`); the folder may then be missing. */
  skillMd?: Buffer | undefined;
  /** Asked when the skill has security findings; resolves true to publish anyway. */
  accept: (flagged: readonly FlaggedSkill[]) => Promise<boolean>;
  /** Told about validation warnings (e.g. no `# Title`). */
  onWarning: (message: string) => void;
  /** Publish despite validation errors (they are reported as warnings). */
  skipValidation?: boolean | undefined;
}

/** What a push did. */
export interface PushResult {
  version: string;
  created: boolean;
  digest: string;
  /** Whether the lockfile now records this version. */
  lockUpdated: boolean;
  /** Set when the project's constraint excludes the pushed version (the next sync will not keep it). */
  excludedBy: string | undefined;
  /** True when the latest version already has exactly these files, so nothing was published. */
  unchanged: boolean;
}

/**
 * The create-skill body for a folder: every file by sha256 (its bytes are uploaded first), and the SKILL.md frontmatter
 * (`name` must equal the slug; `description` required; `metadata.tags` and
 * `metadata.compat` are comma-separated lists).
 * @throws CliError INVALID_SKILL when SKILL.md is missing or its frontmatter is not usable.
 */
export function skillBodyOf(slug: string, dir: string, files: readonly FolderFile[]): Omit<CreateSkillBody, "version"> {
  const skillMd = files.find((f) => f.path === "SKILL.md");
  if (!skillMd) throw new CliError("INVALID_SKILL", `${dir} has no SKILL.md.`);
  const where = `${dir}/SKILL.md`;
  const front = parseFrontmatter(skillMd.bytes.toString("utf8"), where);
  if (!front.name || !front.description) {
    throw new CliError("INVALID_SKILL", `${where} needs a frontmatter with \`name\` and \`description\` (Agent Skills format).`);
  }
  if (front.name !== slug) {
    throw new CliError("INVALID_SKILL", `${where} is named "${front.name}", but the skill slug is "${slug}"; they must be equal.`);
  }
  return {
    slug,
    name: front.name,
    description: front.description,
    tags: splitList(front.metadata.tags),
    compat: splitList(front.metadata.compat),
    metadata: front.metadata,
    files: files.map(referenceOf),
  };
}

function referenceOf(file: FolderFile): FileReference {
  return { path: file.path, sha256: file.sha256, size: file.size, executable: file.executable };
}

const MIB = 1024 * 1024;

/**
 * Refuses a folder the registry would refuse (SKILL_LIMITS), before any request.
 * @throws CliError PAYLOAD_TOO_LARGE naming the limit.
 */
function checkLimits(slug: string, files: readonly FolderFile[]): void {
  const breach = limitBreach(files);
  if (!breach) return;
  const what = breach.kind === "files"
    ? `${slug} has ${breach.count} files; the registry accepts at most ${SKILL_LIMITS.maxFiles} per version`
    : breach.kind === "file"
    ? `${slug}/${breach.path} has ${breach.size} bytes; the registry accepts at most ${SKILL_LIMITS.maxFileBytes / MIB} MiB per file`
    : `${slug} has ${(breach.total / MIB).toFixed(1)} MiB of files; the registry accepts at most ${SKILL_LIMITS.maxVersionBytes / MIB} MiB per version`;
  throw new CliError("PAYLOAD_TOO_LARGE", `${what}; nothing was published.`);
}

/**
 * Pushes a skill folder; see the module comment.
 * @throws CliError INVALID_SKILL for a bad folder, API errors (403 names the registry and skill, 409 a version not above the latest).
 */
export async function pushSkill(request: PushRequest): Promise<PushResult> {
  const files = withSkillMd(await readFolder(request.dir), request);
  checkLimits(request.slug, files);
  // Not skippable like the format checks: the registry refuses these names whatever the flags.
  const clash = uninstallableNames(files);
  if (clash) throw new CliError("INVALID_SKILL", `${request.slug}: ${clash} Nothing was published.`);
  const report = validateSkill(request.slug, files);
  if (report.errors.length > 0 && !request.skipValidation) {
    throw new CliError("INVALID_SKILL", `${request.slug} is not a valid skill; nothing was published:\n${report.errors.map((e) => `  - ${e}`).join("\n")}`);
  }
  for (const warning of [...report.errors, ...report.warnings]) request.onWarning(`${request.slug}: ${warning}`);
  const body = skillBodyOf(request.slug, request.dir, files);
  const client = apiClient(request.apiUrl);
  const latest = await client.skill(request.registry, request.slug);
  const changelog = request.changelog === undefined ? {} : { changelog: request.changelog };
  let version: string;
  let digest: string;
  if (latest && request.version === undefined && latest.digest === folderDigest(files)) {
    // Publishing identical bytes again would only add noise to the version history.
    return { version: latest.version, created: false, digest: latest.digest, lockUpdated: false, excludedBy: undefined, unchanged: true };
  }
  const findings = scanSkill(files);
  if (findings.length > 0 && !(await request.accept([{ slug: request.slug, version: request.version ?? "next", findings }]))) {
    throw new CliError("REFUSED", `${refusalMessage([{ slug: request.slug, version: request.version ?? "next", findings }])}\nNothing was published. Run again with --yes to publish anyway.`);
  }
  // Only the bytes the server lacks for this user go up; the publish then names every file by sha256.
  const missing = await client.missingBlobs(files.map((f) => f.sha256));
  await client.uploadBlobs(files.filter((f) => missing.has(f.sha256)));
  if (latest) {
    version = request.version ?? bump(latest.version);
    ({ version, digest } = await client.publishVersion(request.registry, request.slug, { version, files: body.files, ...changelog }));
  } else {
    ({ version, digest } = await client.createSkill(request.registry, { ...body, version: request.version ?? "1.0.0", ...changelog }));
  }
  const recorded = await recordInLock(request, files, version, digest);
  return { version, created: !latest, digest, unchanged: false, ...recorded };
}

/** The folder's files with SKILL.md replaced by `request.skillMd`, if given. */
function withSkillMd(files: FolderFile[] | null, request: PushRequest): FolderFile[] {
  if (!request.skillMd) {
    if (!files) throw new CliError("INVALID_SKILL", `No skill folder at ${request.dir}.`);
    return files;
  }
  const skillMd: FolderFile = {
    path: "SKILL.md",
    bytes: request.skillMd,
    sha256: sha256Hex(request.skillMd),
    size: request.skillMd.length,
    executable: false,
    absolutePath: `${request.dir}/SKILL.md`,
  };
  return [...(files ?? []).filter((f) => f.path !== "SKILL.md"), skillMd].sort(byPath);
}

function bump(version: string): string {
  const next = semver.inc(version, "patch");
  if (!next) throw new CliError("BAD_RESPONSE", `The server's latest version "${version}" is not semver; pass --version.`);
  return next;
}

/** Updates the lock entry when the pushed folder is the installed copy of a locked skill from this registry. */
async function recordInLock(
  request: PushRequest,
  files: readonly FolderFile[],
  version: string,
  digest: string,
): Promise<Pick<PushResult, "lockUpdated" | "excludedBy">> {
  const { project } = request;
  const locked = project?.lock?.skills.find((s) => s.slug === request.slug && s.registry === request.registry);
  if (!project?.lock || !locked || resolve(request.dir) !== resolve(project.installDir, request.slug)) {
    return { lockUpdated: false, excludedBy: undefined };
  }
  // The server hashes what it stored; if that differs from this folder, the lock must not claim they are equal.
  if (folderDigest(files) !== digest) return { lockUpdated: false, excludedBy: undefined };
  // The installed copy now holds what was published, so the next sync sees no local change.
  if (request.skillMd) await writeFileAtomic(project.installDir, `${request.slug}/SKILL.md`, request.skillMd.toString("utf8"));
  const entry = lockedSkillOf({ registry: request.registry, slug: request.slug, version, digest, files }, locked.source, locked.constraint);
  const skills = project.lock.skills.map((s) => (s === locked ? entry : s));
  const lock = { ...project.lock, locked_at: lockTimestamp(new Date()), skills };
  await writeFileAtomic(project.root, LOCKFILE_FILE, serializeLockfile(lock));
  await removeFile(project.installDir, `${request.slug}/${MODIFIED_MARKER}`);
  const excluded = locked.constraint !== undefined && !semver.satisfies(version, locked.constraint);
  return { lockUpdated: true, excludedBy: excluded ? locked.constraint : undefined };
}
