/** Wire shapes of the maintainer routes: /api/registries/:slug/skills/:skillSlug/maintainers[/:username]. */
import * as z from "zod/mini";

/** POST /api/registries/:slug/skills/:skillSlug/maintainers body: the contributor or admin to add. */
export const addMaintainerBody = z.strictObject({
  username: z.string().check(z.minLength(1, "username must not be empty"), z.maxLength(39, "username must be at most 39 characters")),
});

/** One maintainer of a skill. */
export const maintainerView = z.object({ user_id: z.string(), username: z.string(), display_name: z.nullable(z.string()) });
/** A skill maintainer. */
export type MaintainerView = z.output<typeof maintainerView>;

/** GET /api/registries/:slug/skills/:skillSlug/maintainers response, by username. */
export const maintainersResponse = z.object({ maintainers: z.array(maintainerView) });

/** POST /api/registries/:slug/skills/:skillSlug/maintainers response (201): the new maintainer. */
export const maintainerResponse = z.object({ maintainer: maintainerView });
