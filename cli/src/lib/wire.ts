/**
 * Wire shapes of the `api` function as the CLI sends and reads them (spec §3),
 * one zod schema each, types inferred. The server's own copy lives in
 * `supabase/functions/_shared/types.ts`; the CLI never imports it (DESIGN
 * "Shape") and `test/wire-contract.test.ts` checks the two agree.
 */
import * as z from "./zod.ts";

/** A slug of lowercase letters, digits and single hyphens within a length range; every message names the rule. */
function slugSchema(kind: string, rule: string, min: number, max: number) {
  const message = `${kind} slug must be ${rule}`;
  return z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, message), z.minLength(min, message), z.maxLength(max, message));
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
export const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex digits"));

/** One file of a published version, without its bytes; `size` in bytes. */
export const fileEntry = z.lazy(() => z.object({
  path: z.string(),
  sha256: sha256Hex,
  size: z.int().check(z.nonnegative()),
  executable: z.boolean(),
}));
/** A manifest entry. */
export type FileEntry = z.infer<typeof fileEntry>;

/** One file of a version being published: bytes as base64. */
export const fileUpload = z.lazy(() => z.object({
  path: z.string().check(z.minLength(1)),
  content_base64: z.string(),
  executable: z.boolean(),
}));
/** A file being uploaded. */
export type FileUpload = z.infer<typeof fileUpload>;

/** POST /registries/:slug/skills: a new skill and its first version (every file of the folder). */
export const createSkillBody = z.lazy(() => z.object({
  slug: skillSlug,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  description: z.optional(z.string().check(z.maxLength(2000))),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(30)),
  compat: z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(30)),
  metadata: z.record(z.string(), z.string()),
  version: z.string(),
  files: z.array(fileUpload).check(z.minLength(1)),
  changelog: z.optional(z.string().check(z.maxLength(10_000))),
}));
/** Body of POST /registries/:slug/skills. */
export type CreateSkillBody = z.infer<typeof createSkillBody>;

/** POST /registries/:slug/skills/:skill/versions: a new version (every file of the folder). */
export const publishVersionBody = z.lazy(() => z.object({
  version: z.string(),
  files: z.array(fileUpload).check(z.minLength(1)),
  changelog: z.optional(z.string().check(z.maxLength(10_000))),
}));
/** Body of POST /registries/:slug/skills/:skill/versions. */
export type PublishVersionBody = z.infer<typeof publishVersionBody>;

/** POST /sync request (spec §3.3); `version` is a semver constraint. At most 500 skills. */
export const syncRequest = z.lazy(() => z.object({
  skills: z.array(z.object({ registry: z.string(), slug: z.string(), version: z.optional(z.string()) })).check(z.maxLength(500)),
}));
/** Body of POST /sync. */
export type SyncRequest = z.infer<typeof syncRequest>;

/**
 * The fields every skill shape of the API shares (sync, listing, detail,
 * search). A function, not a shared object, so each schema is built on its
 * first use like the rest (see `z.lazy` below).
 */
function skillFields() {
  return {
    slug: z.string(),
    name: z.string(),
    description: z.nullable(z.string()),
    tags: z.array(z.string()),
    compat: z.array(z.string()),
  };
}

/** A resolved skill in the sync response: metadata, version, folder digest and manifest, no bytes. */
export const resolvedSkill = z.lazy(() => z.object({
  registry: z.string(),
  ...skillFields(),
  version: z.string(),
  /** `sha256:<hex>` over the whole folder, see `folderDigest`. */
  digest: z.string(),
  files: z.array(fileEntry),
}));
/** A skill version as POST /sync resolves it. */
export type ResolvedSkill = z.infer<typeof resolvedSkill>;

/** Why one requested skill did not resolve. */
export const syncError = z.lazy(() => z.object({
  registry: z.string(),
  slug: z.string(),
  version: z.optional(z.string()),
  code: z.string(),
  message: z.string(),
}));
/** A skill POST /sync could not resolve. */
export type SyncError = z.infer<typeof syncError>;

/** POST /sync response. */
export const syncResponse = z.lazy(() => z.object({ skills: z.array(resolvedSkill), errors: z.array(syncError) }));

/** POST /blobs request: at most 1000 sha256 per call. */
export const blobsRequest = z.lazy(() => z.object({ sha256: z.array(sha256Hex).check(z.minLength(1), z.maxLength(1000)) }));
/** POST /blobs response: the bytes of each requested blob the caller may read. */
export const blobsResponse = z.lazy(() => z.object({
  blobs: z.array(z.object({ sha256: sha256Hex, content_base64: z.string() })),
}));

/** The `{error:{code,message}}` body of every failed API response (spec §9). */
export const errorBody = z.lazy(() => z.object({ error: z.object({ code: z.string(), message: z.string() }) }));

/** A user as the API shows them. */
export const user = z.lazy(() => z.object({ id: z.string(), email: z.string(), username: z.string() }));

/** POST /auth/register, /auth/login, /auth/refresh response; `expires_at` in unix seconds. */
export const authResponse = z.lazy(() => z.object({
  user,
  session: z.object({
    access_token: z.string(),
    refresh_token: z.string(),
    expires_in: z.number(),
    expires_at: z.number(),
  }),
}));
/** A user and their new session. */
export type AuthResponse = z.infer<typeof authResponse>;

/** GET /me response. */
export const meResponse = z.lazy(() => z.object({ user }));

const registryRole = z.enum(["member", "contributor", "admin"]);
const registrySummary = z.lazy(() => z.object({
  slug: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  type: z.enum(["personal", "organization"]),
  role: registryRole,
}));
/** GET /registries response: the registries the caller belongs to. */
export const registriesResponse = z.lazy(() => z.object({ registries: z.array(registrySummary) }));

/** One skill of a registry listing. */
export const skillSummary = z.lazy(() => z.object({
  ...skillFields(),
  /** Null for a skill without a published version. */
  version: z.nullable(z.string()),
  created_by: z.nullable(z.string()),
  updated_at: z.string(),
}));
/**
 * The opaque cursor of the next page of a listing (at most 100 items a page):
 * pass it back as `cursor`; null on the last page. Optional so a server from
 * before paginated listings (one page of everything) still reads.
 */
const nextCursor = z.optional(z.nullable(z.string()));

/** GET /registries/:slug/skills response: one page. */
export const skillListResponse = z.lazy(() => z.object({ skills: z.array(skillSummary), next_cursor: nextCursor }));

/** GET /registries/:slug/skills/:skill response: the latest version of a skill. */
export const skillDetailResponse = z.lazy(() => z.object({
  skill: z.object({
    registry: z.string(),
    ...skillFields(),
    metadata: z.record(z.string(), z.unknown()),
    version: z.string(),
    content: z.string(),
    digest: z.string(),
    files: z.array(fileEntry),
    created_by: z.nullable(z.string()),
    maintainers: z.array(z.string()),
    updated_at: z.string(),
  }),
}));
/** The latest version of a skill with its metadata and manifest. */
export type SkillDetail = z.infer<typeof skillDetailResponse>["skill"];

/** POST /registries/:slug/skills response. */
export const createSkillResponse = z.lazy(() => z.object({
  skill: z.looseObject({ slug: z.string() }),
  version: z.string(),
  digest: z.string(),
}));

/** POST /registries/:slug/skills/:skill/versions response. */
export const publishVersionResponse = z.lazy(() => z.object({
  version: z.string(),
  changelog: z.optional(z.nullable(z.string())),
  digest: z.string(),
}));

/** One hit of GET /search. */
export const searchResult = z.lazy(() => z.object({
  registry: z.string(),
  ...skillFields(),
  version: z.nullable(z.string()),
}));
/** GET /search response: one page, best match first. */
export const searchResponse = z.lazy(() => z.object({ results: z.array(searchResult), next_cursor: nextCursor }));

/** A registry role. */
export const registryRoleSchema = registryRole;
/** A registry role: member (read), contributor (publish), admin (manage). */
export type RegistryRole = z.infer<typeof registryRole>;

/** POST /registries body: a new organization registry (spec §3.1). */
export const createRegistryBody = z.lazy(() => z.object({
  slug: registrySlug,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  description: z.optional(z.string().check(z.maxLength(2000))),
}));
/** A registry as POST /registries and GET /registries/:slug show it, with the caller's role. */
export const registryView = z.lazy(() => z.object({
  slug: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  type: z.enum(["personal", "organization"]),
  publish_policy: z.enum(["open", "require_approval"]),
  role: registryRole,
  skill_count: z.int(),
}));
/** POST /registries response (201). */
export const createRegistryResponse = z.lazy(() => z.object({ registry: registryView }));

/** One member of a registry; `joined_at` is an ISO timestamp. */
export const member = z.lazy(() => z.object({
  user_id: z.string(),
  username: z.string(),
  display_name: z.nullable(z.string()),
  role: registryRole,
  joined_at: z.string(),
}));
/** A registry member. */
export type Member = z.infer<typeof member>;
/** GET /registries/:slug/members response. */
export const membersResponse = z.lazy(() => z.object({ members: z.array(member) }));

/** An invitation to a registry; `status` reads `expired` once `expires_at` (ISO timestamp) has passed. */
export const invitation = z.lazy(() => z.object({
  id: z.string(),
  /** Slug of the inviting registry. */
  registry: z.string(),
  registry_name: z.string(),
  email: z.string(),
  role: registryRole,
  status: z.enum(["pending", "accepted", "declined", "expired"]),
  /** Username of the admin who invited, null once that account is gone. */
  invited_by: z.nullable(z.string()),
  created_at: z.string(),
  expires_at: z.string(),
}));
/** An invitation as the API shows it. */
export type Invitation = z.infer<typeof invitation>;
/** POST /registries/:slug/members/invite response: a pending invitation (201) or, for an existing account, a direct membership (200). */
export const inviteResponse = z.lazy(() => z.union([z.object({ invitation }), z.object({ member })]));
/** GET /invitations response: the caller's pending, unexpired invitations, newest first. */
export const invitationsResponse = z.lazy(() => z.object({ invitations: z.array(invitation) }));
/** POST /registries/:slug/invitations/:id/accept response: the caller's new membership. */
export const acceptInvitationResponse = z.lazy(() => z.object({ member, registry: z.string() }));
/** POST /registries/:slug/invitations/:id/decline response: the invitation, now declined. */
export const declineInvitationResponse = z.lazy(() => z.object({ invitation }));

/** GET /registries/:slug/skills/:skill/versions response, newest first. */
export const versionsResponse = z.lazy(() => z.object({
  versions: z.array(
    z.looseObject({
      version: z.string(),
      changelog: z.nullable(z.string()),
      digest: z.string(),
      is_latest: z.boolean(),
      published_by: z.nullable(z.string()),
      created_at: z.string(),
    }),
  ),
}));

/** GET /registries/:slug/skills/:skill/issues response (maintainers and admins only). */
export const issuesResponse = z.looseObject({ open_count: z.number() });
