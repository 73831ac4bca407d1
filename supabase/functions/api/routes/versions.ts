/** Version routes: list, publish (SKILL.md text or a whole folder), get one. */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { publishReview } from "../../_shared/domain/reviews.ts";
import { sentFolder } from "../../_shared/domain/sent-folder.ts";
import { findVersion, listVersions, publishToSkill } from "../../_shared/domain/versions.ts";
import { publishVersionBody, publishVersionResponse, versionDetailResponse, versionsResponse } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

const base = "/registries/:slug/skills/:skillSlug/versions";

export const versionRoutes = new Hono<AppEnv>()
  .use(base, requireUser)
  .use(`${base}/*`, requireUser)
  .get(base, async (c) => {
    const versions = await withUser(c.get("claims"), (tx) => listVersions(tx, c.req.param("slug"), c.req.param("skillSlug")));
    return reply(c, versionsResponse, { versions });
  })
  .post(base, async (c) => {
    const { content, files, base_version, ...body } = await parseBody(c, publishVersionBody);
    const folder = sentFolder({ content, files });
    const claims = c.get("claims");
    const { review, ...published } = await withUser(claims, async (tx) => {
      const version = await publishToSkill(tx, c.req.param("slug"), c.req.param("skillSlug"), {
        userId: claims.sub,
        ...body,
        baseVersion: base_version,
        files: folder,
      });
      return { ...version, review: await publishReview(tx, c.req.param("slug"), version.status) };
    });
    return reply(
      c,
      publishVersionResponse,
      { version: published.version, changelog: body.changelog ?? null, digest: published.digest, warnings: published.warnings, ...review },
      201,
    );
  })
  .get(`${base}/:version`, async (c) => {
    const version = await withUser(c.get("claims"), (tx) =>
      findVersion(tx, c.req.param("slug"), c.req.param("skillSlug"), c.req.param("version"))
    );
    return reply(c, versionDetailResponse, { version });
  });
