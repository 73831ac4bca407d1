/** Wire shapes of the registry routes: /api/registries and /api/registries/:slug. */
import * as z from "zod/mini";
import { memberRole } from "./roles.ts";
import { registrySlug } from "./slugs.ts";

/** Who may publish to an organization registry. */
export const publishPolicy = z.enum(["open", "require_approval"], { error: "publish_policy must be one of: open, require_approval" });

/** A personal registry (a user's) or an organization registry. */
export const registryType = z.enum(["personal", "organization"]);

const registryName = z.string().check(z.trim(), z.minLength(1, "name must not be empty"), z.maxLength(200, "name must be at most 200 characters"));
const registryDescription = z.string().check(z.maxLength(2000, "description must be at most 2000 characters"));

/** POST /api/registries body: a new organization registry; the caller becomes its admin. */
export const createRegistryBody = z.strictObject({
  slug: registrySlug,
  name: registryName,
  description: z.optional(registryDescription),
});
/** Body of POST /api/registries. */
export type CreateRegistryBody = z.output<typeof createRegistryBody>;

/** PUT /api/registries/:slug body (admins): the settings to change, at least one. */
export const updateRegistryBody = z
  .strictObject({
    name: z.optional(registryName),
    description: z.optional(z.nullable(registryDescription)),
    publish_policy: z.optional(publishPolicy),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, "give at least one of: name, description, publish_policy"));
/** Body of PUT /api/registries/:slug. */
export type UpdateRegistryBody = z.output<typeof updateRegistryBody>;

/** A registry with the caller's role and its skill count, as POST /api/registries, GET and PUT /api/registries/:slug answer it. */
export const registryView = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  type: registryType,
  publish_policy: publishPolicy,
  role: memberRole,
  skill_count: z.number().check(z.int()),
});
/** A registry as the API shows it. */
export type RegistryView = z.output<typeof registryView>;

/** POST /api/registries (201), GET /api/registries/:slug and PUT /api/registries/:slug response. */
export const registryResponse = z.object({ registry: registryView });

/** One registry of GET /api/registries, with the caller's role. */
export const registrySummary = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  type: registryType,
  role: memberRole,
});
/** A registry the caller belongs to. */
export type RegistrySummary = z.output<typeof registrySummary>;

/** GET /api/registries response: the registries the caller belongs to, organizations first. */
export const registriesResponse = z.object({ registries: z.array(registrySummary) });
