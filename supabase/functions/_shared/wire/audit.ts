/** Wire shapes of GET /api/registries/:slug/audit: the registry's audit trail, for its admins. */
import * as z from "zod/mini";
import { nextCursor } from "./listing.ts";

/** What an audit event records; a later server may add more. */
export const AUDIT_ACTIONS = [
  "version.publish",
  "version.approve",
  "version.reject",
  "version.yank",
  "version.unyank",
  "version.deprecate",
  "version.undeprecate",
  "skill.deprecate",
  "skill.undeprecate",
  "skill.delete",
  "member.add",
  "member.role",
  "member.remove",
  "registry.policy",
] as const;

/**
 * One event: who (`actor`, a username; null for the platform itself), what (`action`), on what (`target`:
 * `skill@version`, a skill, a member's username or the registry), when, and the rest (`details`: a review
 * note, a yank reason, a role's `from` and `to`, …).
 */
export const auditEvent = z.object({
  id: z.number(),
  actor: z.nullable(z.string()),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
/** One event of the audit trail. */
export type AuditEvent = z.output<typeof auditEvent>;

/** GET /api/registries/:slug/audit?limit=&cursor= response: newest first, one page at a time. */
export const auditResponse = z.object({ events: z.array(auditEvent), next_cursor: nextCursor });
