/**
 * Yank and deprecation routes: a version yanked or unyanked, a version or a
 * whole skill deprecated (an empty or null message, or undeprecate, removes it).
 */
import { Hono, type Context } from "hono";
import { withUser } from "../../_shared/db.ts";
import { changeVersionState, deprecateSkill, type VersionChange } from "../../_shared/domain/version-state.ts";
import { deprecateBody, skillDeprecationResponse, versionStateResponse, yankBody } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

const skill = "/registries/:slug/skills/:skillSlug";
const version = `${skill}/versions/:version`;

async function changeVersion(c: Context<AppEnv>, change: VersionChange) {
  const state = await withUser(c.get("claims"), (tx) =>
    changeVersionState(tx, c.req.param("slug")!, c.req.param("skillSlug")!, c.req.param("version")!, change)
  );
  return reply(c, versionStateResponse, { version: state });
}

async function changeSkill(c: Context<AppEnv>, message: string | null) {
  const changed = await withUser(c.get("claims"), (tx) => deprecateSkill(tx, c.req.param("slug")!, c.req.param("skillSlug")!, message));
  return reply(c, skillDeprecationResponse, { skill: changed });
}

export const versionStateRoutes = new Hono<AppEnv>()
  .use(`${version}/yank`, requireUser)
  .use(`${version}/unyank`, requireUser)
  .use(`${version}/deprecate`, requireUser)
  .use(`${version}/undeprecate`, requireUser)
  .use(`${skill}/deprecate`, requireUser)
  .use(`${skill}/undeprecate`, requireUser)
  .post(`${version}/yank`, async (c) => changeVersion(c, { yank: (await parseBody(c, yankBody)).reason }))
  .post(`${version}/unyank`, (c) => changeVersion(c, { unyank: true }))
  .post(`${version}/deprecate`, async (c) => changeVersion(c, { deprecate: (await parseBody(c, deprecateBody)).message || null }))
  .post(`${version}/undeprecate`, (c) => changeVersion(c, { deprecate: null }))
  .post(`${skill}/deprecate`, async (c) => changeSkill(c, (await parseBody(c, deprecateBody)).message || null))
  .post(`${skill}/undeprecate`, (c) => changeSkill(c, null));
