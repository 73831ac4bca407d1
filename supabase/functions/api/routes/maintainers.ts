/** Maintainers of a skill: list, add, remove (`_shared/domain/maintainers.ts` says who may). */
import { Hono, type Context } from "hono";
import { withUser } from "../../_shared/db.ts";
import { addMaintainer, listMaintainers, removeMaintainer } from "../../_shared/domain/maintainers.ts";
import { ApiError } from "../../_shared/errors.ts";
import { addMaintainerBody, maintainerResponse, maintainersResponse, registrySlug } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

const base = "/registries/:slug/skills/:skillSlug/maintainers";

/** The `:username` path parameter; 422 when it cannot be a username. */
function usernameParam(c: Context): string {
  const parsed = registrySlug.safeParse(c.req.param("username") ?? "");
  if (!parsed.success) throw new ApiError("VALIDATION_ERROR", "username must be a valid username (3-39 lowercase letters, digits, hyphens)");
  return parsed.data;
}

export const maintainerRoutes = new Hono<AppEnv>()
  .use(base, requireUser)
  .use(`${base}/*`, requireUser)
  .get(base, async (c) => {
    const maintainers = await withUser(c.get("claims"), (tx) => listMaintainers(tx, c.req.param("slug"), c.req.param("skillSlug")));
    return reply(c, maintainersResponse, { maintainers });
  })
  .post(base, async (c) => {
    const body = await parseBody(c, addMaintainerBody);
    const maintainer = await withUser(c.get("claims"), (tx) =>
      addMaintainer(tx, c.req.param("slug"), c.req.param("skillSlug"), body.username)
    );
    return reply(c, maintainerResponse, { maintainer }, 201);
  })
  .delete(`${base}/:username`, async (c) => {
    const username = usernameParam(c);
    await withUser(c.get("claims"), (tx) => removeMaintainer(tx, c.req.param("slug"), c.req.param("skillSlug"), username));
    return c.body(null, 204);
  });
