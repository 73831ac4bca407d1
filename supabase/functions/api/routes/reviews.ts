/** Review routes: what waits for review in a registry, and an admin's approve or reject. */
import { Hono } from "hono";
import { encodeCursor } from "../../_shared/cursor.ts";
import { withUser } from "../../_shared/db.ts";
import { listReviews, reviewVersion, type ReviewDecision } from "../../_shared/domain/reviews.ts";
import { reviewBody, reviewResponse, reviewsResponse } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";
import { listingParams } from "../lib/params.ts";
import type { Context } from "hono";

const version = "/registries/:slug/skills/:skillSlug/versions/:version";

async function decide(c: Context<AppEnv>, decision: ReviewDecision) {
  const { note } = await parseBody(c, reviewBody);
  const reviewed = await withUser(c.get("claims"), (tx) =>
    reviewVersion(tx, c.req.param("slug")!, c.req.param("skillSlug")!, c.req.param("version")!, decision, note?.trim() || null)
  );
  return reply(c, reviewResponse, { version: reviewed });
}

export const reviewRoutes = new Hono<AppEnv>()
  .use("/registries/:slug/reviews", requireUser)
  .use(`${version}/approve`, requireUser)
  .use(`${version}/reject`, requireUser)
  .get("/registries/:slug/reviews", async (c) => {
    const { limit, cursor } = listingParams(c, "search");
    const page = await withUser(c.get("claims"), (tx) => listReviews(tx, c.req.param("slug"), { limit, cursor }));
    return reply(c, reviewsResponse, {
      reviews: page.reviews,
      reviewers: page.reviewers,
      next_cursor: page.nextCursor && encodeCursor(page.nextCursor),
    });
  })
  .post(`${version}/approve`, (c) => decide(c, "approved"))
  .post(`${version}/reject`, (c) => decide(c, "rejected"));
