/**
 * Wire shapes of the `api` function as the CLI sends and reads them (spec
 * §3), one valibot schema each, types inferred. The server's own copy (zod)
 * lives in `supabase/functions/_shared/types.ts`; the CLI never imports it
 * (that would bundle zod; see below) and `test/wire-contract.test.ts` checks
 * the two agree.
 *
 * Valibot rather than zod here: a warm `skills sync` is held to a small
 * multiple of `skills --version` (bench/cli.ts measures it), and valibot's
 * schemas are plain objects made by small tree-shaken functions (~15 KB
 * bundled), so loading them and checking a POST /sync answer of ~900 file
 * entries takes 5–7 ms against zod/mini's 11–15 ms. Building a schema is a
 * cheap function call, so every schema is built at module load; none is
 * wrapped to defer it.
 */
import * as v from "valibot";

/** A slug of lowercase letters, digits and single hyphens within a length range; every message names the rule. */
function slugSchema(kind: string, rule: string, min: number, max: number) {
  const message = `${kind} slug must be ${rule}`;
  return v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, message), v.minLength(min, message), v.maxLength(max, message));
}

/** Registry slug rule, shared with the server (spec §3.2). */
export const REGISTRY_SLUG_RULE =
  "3-39 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
/** A registry slug: a username or an organization slug. */
export const registrySlug = slugSchema("registry", REGISTRY_SLUG_RULE, 3, 39);

/** Skill slug rule, shared with the server (spec §3.2). */
export const SKILL_SLUG_RULE =
  "2-64 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
/** A skill slug: the Agent Skills `name` and the folder name. */
export const skillSlug = slugSchema("skill", SKILL_SLUG_RULE, 2, 64);

/** Lowercase hex sha256 of some bytes. */
export const sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex digits"));

/**
 * A mapping from any string key (a file path, a metadata name) to `value`s:
 * `v.record(v.string(), value)` except that every own key is kept, where
 * `v.record` skips `constructor` and `prototype` (its guard against prototype
 * pollution), which are legal file names. Arrays are not mappings.
 * An invalid value is reported at its key, e.g. `files.SKILL.md`.
 */
export function stringMap<T extends v.GenericSchema>(value: T) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      (issue) => `Invalid type: Expected Object but received ${issue.received}`,
    ),
    v.rawTransform(({ dataset, addIssue }) => {
      const map = dataset.value;
      const entries: [string, v.InferOutput<T>][] = [];
      for (const [key, item] of Object.entries(map)) {
        const checked = v.safeParse(value, item);
        if (checked.success) entries.push([key, checked.output]);
        else {
          const { message, path = [] } = checked.issues[0];
          addIssue({ message, path: [{ type: "object", origin: "value", input: map, key, value: item }, ...path] });
        }
      }
      // fromEntries defines own properties, so even a `__proto__` path stays a plain key.
      return Object.fromEntries(entries) as Record<string, v.InferOutput<T>>;
    }),
  );
}

/** One file of a published version, without its bytes; `size` in bytes. */
export const fileEntry = v.object({
  path: v.string(),
  sha256: sha256Hex,
  size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  executable: v.boolean(),
});
/** A manifest entry. */
export type FileEntry = v.InferOutput<typeof fileEntry>;

/** One file of a version being published: bytes as base64. */
export const fileUpload = v.object({
  path: v.pipe(v.string(), v.minLength(1)),
  content_base64: v.string(),
  executable: v.boolean(),
});
/** A file being uploaded. */
export type FileUpload = v.InferOutput<typeof fileUpload>;

/** One file of a version being published, named by the sha256 of bytes uploaded before (or readable already). */
export const fileReference = v.object({
  path: v.pipe(v.string(), v.minLength(1)),
  sha256: sha256Hex,
  size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  executable: v.boolean(),
});
/** A file of a publish, by reference. */
export type FileReference = v.InferOutput<typeof fileReference>;

/** A file of a publish: its bytes inline, or a reference to uploaded bytes. */
const publishedFile = v.union([fileUpload, fileReference]);

/** A list of 1–50 character labels (tags, compat), at most 30. */
const labels = v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(50))), v.maxLength(30));

/** POST /registries/:slug/skills: a new skill and its first version (every file of the folder). */
export const createSkillBody = v.object({
  slug: skillSlug,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  description: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  tags: labels,
  compat: labels,
  metadata: stringMap(v.string()),
  version: v.string(),
  files: v.pipe(v.array(publishedFile), v.minLength(1)),
  changelog: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
});
/** Body of POST /registries/:slug/skills. */
export type CreateSkillBody = v.InferOutput<typeof createSkillBody>;

/** POST /registries/:slug/skills/:skill/versions: a new version (every file of the folder). */
export const publishVersionBody = v.object({
  version: v.string(),
  files: v.pipe(v.array(publishedFile), v.minLength(1)),
  changelog: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
});
/** Body of POST /registries/:slug/skills/:skill/versions. */
export type PublishVersionBody = v.InferOutput<typeof publishVersionBody>;

/** POST /sync request (spec §3.3); `version` is a semver constraint. At most 500 skills. */
export const syncRequest = v.object({
  skills: v.pipe(
    v.array(
      v.object({
        registry: v.string(),
        slug: v.string(),
        version: v.optional(v.string()),
        /** The folder digest the client already holds: when the resolution has it, the answer leaves its manifest out. */
        have: v.optional(v.string()),
      }),
    ),
    v.maxLength(500),
  ),
});
/** Body of POST /sync. */
export type SyncRequest = v.InferOutput<typeof syncRequest>;

/** The fields every skill shape of the API shares (sync, listing, detail, search); schemas are immutable, so one object serves all. */
const skillFields = {
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  tags: v.array(v.string()),
  compat: v.array(v.string()),
};

/** A resolved skill in the sync response: metadata, version, folder digest and manifest, no bytes. */
export const resolvedSkill = v.object({
  registry: v.string(),
  ...skillFields,
  version: v.string(),
  /** `sha256:<hex>` over the whole folder, see `folderDigest`. */
  digest: v.string(),
  files: v.array(fileEntry),
});
/** A skill version as POST /sync resolves it. */
export type ResolvedSkill = v.InferOutput<typeof resolvedSkill>;

/** Why one requested skill did not resolve. */
export const syncError = v.object({
  registry: v.string(),
  slug: v.string(),
  version: v.optional(v.string()),
  code: v.string(),
  message: v.string(),
});
/** A skill POST /sync could not resolve. */
export type SyncError = v.InferOutput<typeof syncError>;

/** A skill in the POST /sync response: `files` is left out when the request said the client has `digest` (`have`). */
export const syncedSkill = v.object({ ...resolvedSkill.entries, files: v.optional(v.array(fileEntry)) });
/** A skill as POST /sync answers it. */
export type SyncedSkill = v.InferOutput<typeof syncedSkill>;

/** POST /sync response. */
export const syncResponse = v.object({ skills: v.array(syncedSkill), errors: v.array(syncError) });

/** POST /blobs request: at most 1000 sha256 per call. */
export const blobsRequest = v.object({ sha256: v.pipe(v.array(sha256Hex), v.minLength(1), v.maxLength(1000)) });
/** POST /blobs response: the bytes of each requested blob the caller may read. */
export const blobsResponse = v.object({
  blobs: v.array(v.object({ sha256: sha256Hex, content_base64: v.string() })),
});

/** POST /blobs/missing request (at most 512 hashes) and response: the hashes the caller must upload before publishing. */
export const missingBlobsRequest = v.object({ sha256: v.pipe(v.array(sha256Hex), v.minLength(1), v.maxLength(512)) });
export const missingBlobsResponse = v.object({ missing: v.array(sha256Hex) });

/** POST /blobs/upload request: small files as base64, the whole body at most `BLOB_UPLOAD_MAX_BODY_BYTES`. */
export const uploadBlobsRequest = v.object({
  blobs: v.pipe(v.array(v.object({ sha256: sha256Hex, content_base64: v.string() })), v.minLength(1), v.maxLength(512)),
});
/** The largest POST /blobs/upload body the server takes, in bytes. */
export const BLOB_UPLOAD_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** PUT /blobs/:sha256 and POST /blobs/upload response: the hashes now stored for the caller. */
export const storedBlobsResponse = v.object({ stored: v.array(sha256Hex) });

/** The `{error:{code,message}}` body of every failed API response (spec §9). */
export const errorBody = v.object({ error: v.object({ code: v.string(), message: v.string() }) });

/** A user as the API shows them. */
export const user = v.object({ id: v.string(), email: v.string(), username: v.string() });

/** POST /auth/register, /auth/login, /auth/refresh response; `expires_at` in unix seconds. */
export const authResponse = v.object({
  user,
  session: v.object({
    access_token: v.string(),
    refresh_token: v.string(),
    expires_in: v.number(),
    expires_at: v.number(),
  }),
});
/** A user and their new session. */
export type AuthResponse = v.InferOutput<typeof authResponse>;

/** POST /auth/register response when the email must be confirmed before the first login. */
export const confirmationRequired = v.object({
  user: v.object({ email: v.string(), username: v.string() }),
  session: v.null(),
  confirmation_required: v.literal(true),
});
/** An account that exists but has no session until its email is confirmed. */
export type ConfirmationRequired = v.InferOutput<typeof confirmationRequired>;

/** POST /auth/register response: signed in at once, or a confirmation to wait for. */
export const registerResponse = v.union([authResponse, confirmationRequired]);

/** GET /me response. */
export const meResponse = v.object({ user });

const registryRole = v.picklist(["member", "contributor", "admin"]);
const registryType = v.picklist(["personal", "organization"]);
const registrySummary = v.object({
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  type: registryType,
  role: registryRole,
});
/** GET /registries response: the registries the caller belongs to. */
export const registriesResponse = v.object({ registries: v.array(registrySummary) });

/** One skill of a registry listing. */
export const skillSummary = v.object({
  ...skillFields,
  /** Null for a skill without a published version. */
  version: v.nullable(v.string()),
  created_by: v.nullable(v.string()),
  updated_at: v.string(),
});
/**
 * The opaque cursor of the next page of a listing (at most 100 items a page):
 * pass it back as `cursor`; null on the last page. Optional so a server from
 * before paginated listings (one page of everything) still reads.
 */
const nextCursor = v.nullish(v.string());

/** GET /registries/:slug/skills response: one page. */
export const skillListResponse = v.object({ skills: v.array(skillSummary), next_cursor: nextCursor });

/** GET /registries/:slug/skills/:skill response: the latest version of a skill. */
export const skillDetailResponse = v.object({
  skill: v.object({
    registry: v.string(),
    ...skillFields,
    metadata: stringMap(v.unknown()),
    version: v.string(),
    content: v.string(),
    digest: v.string(),
    files: v.array(fileEntry),
    created_by: v.nullable(v.string()),
    maintainers: v.array(v.string()),
    updated_at: v.string(),
  }),
});
/** The latest version of a skill with its metadata and manifest. */
export type SkillDetail = v.InferOutput<typeof skillDetailResponse>["skill"];

/** POST /registries/:slug/skills response. */
export const createSkillResponse = v.object({
  skill: v.looseObject({ slug: v.string() }),
  version: v.string(),
  digest: v.string(),
});

/** POST /registries/:slug/skills/:skill/versions response. */
export const publishVersionResponse = v.object({
  version: v.string(),
  changelog: v.nullish(v.string()),
  digest: v.string(),
});

/** One hit of GET /search. */
export const searchResult = v.object({
  registry: v.string(),
  ...skillFields,
  version: v.nullable(v.string()),
});
/** GET /search response: one page, best match first. */
export const searchResponse = v.object({ results: v.array(searchResult), next_cursor: nextCursor });

/** A registry role. */
export const registryRoleSchema = registryRole;
/** A registry role: member (read), contributor (publish), admin (manage). */
export type RegistryRole = v.InferOutput<typeof registryRole>;

/**
 * The email of POST /registries/:slug/members/invite, by the server's rule: the
 * pattern of zod's `email()` (the server's validator), which valibot's
 * `v.email()` does not match exactly (it refuses `o'brien@example.com`).
 */
export const inviteEmail = v.pipe(
  v.string(),
  v.regex(/^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/, "not an email address"),
);

/** POST /registries body: a new organization registry (spec §3.1). */
export const createRegistryBody = v.object({
  slug: registrySlug,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  description: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});
/** A registry as POST /registries and GET /registries/:slug show it, with the caller's role. */
export const registryView = v.object({
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  type: registryType,
  publish_policy: v.picklist(["open", "require_approval"]),
  role: registryRole,
  skill_count: v.pipe(v.number(), v.safeInteger()),
});
/** POST /registries response (201). */
export const createRegistryResponse = v.object({ registry: registryView });

/** One member of a registry; `joined_at` is an ISO timestamp. */
export const member = v.object({
  user_id: v.string(),
  username: v.string(),
  display_name: v.nullable(v.string()),
  role: registryRole,
  joined_at: v.string(),
});
/** A registry member. */
export type Member = v.InferOutput<typeof member>;
/** GET /registries/:slug/members response. */
export const membersResponse = v.object({ members: v.array(member) });

/** An invitation to a registry; `status` reads `expired` once `expires_at` (ISO timestamp) has passed. */
export const invitation = v.object({
  id: v.string(),
  /** Slug of the inviting registry. */
  registry: v.string(),
  registry_name: v.string(),
  email: v.string(),
  role: registryRole,
  status: v.picklist(["pending", "accepted", "declined", "expired"]),
  /** Username of the admin who invited, null once that account is gone. */
  invited_by: v.nullable(v.string()),
  created_at: v.string(),
  expires_at: v.string(),
});
/** An invitation as the API shows it. */
export type Invitation = v.InferOutput<typeof invitation>;
/** POST /registries/:slug/members/invite response: a pending invitation (201) or, for an existing account, a direct membership (200). */
export const inviteResponse = v.union([v.object({ invitation }), v.object({ member })]);
/** GET /invitations response: the caller's pending, unexpired invitations, newest first. */
export const invitationsResponse = v.object({ invitations: v.array(invitation) });
/** POST /registries/:slug/invitations/:id/accept response: the caller's new membership. */
export const acceptInvitationResponse = v.object({ member, registry: v.string() });
/** POST /registries/:slug/invitations/:id/decline response: the invitation, now declined. */
export const declineInvitationResponse = v.object({ invitation });

/** GET /registries/:slug/skills/:skill/versions response, newest first. */
export const versionsResponse = v.object({
  versions: v.array(
    v.looseObject({
      version: v.string(),
      changelog: v.nullable(v.string()),
      digest: v.string(),
      is_latest: v.boolean(),
      published_by: v.nullable(v.string()),
      created_at: v.string(),
    }),
  ),
});

/** GET /registries/:slug/skills/:skill/issues response (maintainers and admins only). */
export const issuesResponse = v.looseObject({ open_count: v.number() });
