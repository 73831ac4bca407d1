/**
 * `skills push`: publish a local skill folder as a new skill or a new
 * version, after the checks of `check.ts` and the security screen; then,
 * when that folder is the installed copy, record it in the lockfile
 * (`lock.ts`) so the next sync sees no local change.
 */
import semver from "semver";
import { apiClient } from "../http/client.ts";
import { missingBlobs, uploadBlobs } from "../http/api/blobs.ts";
import { createSkill, getSkill } from "../http/api/skills.ts";
import { publishVersion, staleBaseMessage } from "../http/api/versions.ts";
import { folderDigest } from "../skill/digest.ts";
import { CliError } from "../errors.ts";
import { readFolder, type FolderFile } from "../skill/folder.ts";
import { splitList } from "../skill/frontmatter.ts";
import type { Project } from "../project/project.ts";
import { scanSkill } from "../skill/security.ts";
import { refusalMessage, type FlaggedSkill } from "../terminal/accept.ts";
import type { CreateSkillBody, FileReference } from "../../../../supabase/functions/_shared/wire/skills.ts";
import { parseSkillMd, skillIdentity, type SkillMd } from "../../../../supabase/functions/_shared/skill-md.ts";
import { checkPushable, pushedFiles } from "./check.ts";
import { lockedBase, recordInLock } from "./lock.ts";

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
  /** Told about validation warnings (e.g. no `# Title`, no frontmatter), each once. */
  onWarning: (message: string) => void;
  /** Skip the local check's refusal (its errors are reported as warnings); the registry still refuses a folder an agent cannot load. */
  skipValidation?: boolean | undefined;
  /** Publish even when a version newer than the folder's base (the locked version) exists, replacing it as the latest. */
  force?: boolean | undefined;
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
 * The create-skill body for a folder: every file by sha256 (its bytes are
 * uploaded first), the name and description the registry will give a new
 * skill from this SKILL.md (`skillIdentity`: the frontmatter, else the
 * `# Title` or the slug and the first paragraph), and the frontmatter's
 * `metadata` (`metadata.tags` and `metadata.compat` are comma-separated lists).
 * @throws CliError INVALID_SKILL when SKILL.md is missing.
 */
export function skillBodyOf(slug: string, dir: string, files: readonly FolderFile[]): Omit<CreateSkillBody, "version"> {
  const skillMd = files.find((f) => f.path === "SKILL.md");
  if (!skillMd) throw new CliError("INVALID_SKILL", `${dir} has no SKILL.md.`);
  const text = skillMd.bytes.toString("utf8");
  const parsed = parseSkillMd(text);
  // Frontmatter that cannot be read reaches here only with --skip-validation, and the registry refuses it.
  const md: SkillMd = "problems" in parsed ? { frontmatter: null, body: text } : parsed;
  const { name, description } = skillIdentity(slug, md);
  const metadata = md.frontmatter?.metadata ?? {};
  return {
    slug,
    name,
    ...(description === null ? {} : { description }),
    tags: splitList(metadata.tags),
    compat: splitList(metadata.compat),
    metadata,
    files: files.map(referenceOf),
  };
}

function referenceOf(file: FolderFile): FileReference {
  return { path: file.path, sha256: file.sha256, size: file.size, executable: file.executable };
}

/**
 * Pushes a skill folder; see the module comment.
 * The installed copy's push names the locked version as its base (unless `force`), so it is
 * refused, before anything is uploaded, when a newer version exists, and the server refuses it
 * too if one is published meanwhile.
 * @throws CliError INVALID_SKILL for a bad folder, PAYLOAD_TOO_LARGE over the limits, REFUSED when
 *   security findings are not accepted, CONFLICT when the folder's base is older than the latest,
 *   API errors (403 names the registry and skill, 409 a version not above the latest).
 */
export async function pushSkill(request: PushRequest): Promise<PushResult> {
  const files = pushedFiles(await readFolder(request.dir), request.dir, request.skillMd);
  checkPushable(request.slug, files, { skipValidation: request.skipValidation === true, onWarning: request.onWarning });
  const body = skillBodyOf(request.slug, request.dir, files);
  const client = apiClient(request.apiUrl);
  const latest = await getSkill(client, request.registry, request.slug);
  if (latest && request.version === undefined && latest.digest === folderDigest(files)) {
    // Publishing identical bytes again would only add noise to the version history.
    return { version: latest.version, created: false, digest: latest.digest, lockUpdated: false, excludedBy: undefined, unchanged: true };
  }
  const base = request.force ? undefined : lockedBase(request.project, request.registry, request.slug, request.dir);
  if (latest && base !== undefined && semver.gt(latest.version, base)) {
    throw new CliError("CONFLICT", staleBaseMessage(request.registry, request.slug, latest.version, base), { status: 409 });
  }
  await screen(request, files, request.version ?? (latest ? bump(latest.version) : "1.0.0"));
  // Only the bytes the server lacks for this user go up; the publish then names every file by sha256.
  const missing = await missingBlobs(client, files.map((f) => f.sha256));
  await uploadBlobs(client, files.filter((f) => missing.has(f.sha256)));
  const changelog = request.changelog === undefined ? {} : { changelog: request.changelog };
  const { version, digest } = latest
    ? await publishVersion(client, request.registry, request.slug, {
        version: request.version ?? bump(latest.version),
        files: body.files,
        ...changelog,
        ...(base === undefined ? {} : { base_version: base }),
      })
    : await createSkill(client, request.registry, { ...body, version: request.version ?? "1.0.0", ...changelog });
  const recorded = await recordInLock({ ...request, files, version, digest });
  return { version, created: !latest, digest, unchanged: false, ...recorded };
}

/**
 * Asks `request.accept` about the security findings of `files`, if any, naming the `version` it would publish.
 * @throws CliError REFUSED when they are not accepted.
 */
async function screen(request: PushRequest, files: readonly FolderFile[], version: string): Promise<void> {
  const findings = scanSkill(files);
  const flagged = [{ slug: request.slug, version, digest: folderDigest(files), findings }];
  if (findings.length > 0 && !(await request.accept(flagged))) {
    throw new CliError("REFUSED", `${refusalMessage(flagged)}\nNothing was published. Run again with --yes to publish anyway.`);
  }
}

function bump(version: string): string {
  const next = semver.inc(version, "patch");
  if (!next) throw new CliError("BAD_RESPONSE", `The server's latest version "${version}" is not semver; pass --version.`);
  return next;
}
