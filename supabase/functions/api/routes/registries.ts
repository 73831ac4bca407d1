/** GET /api/registries and GET /api/registries/:slug (spec §3.1). */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { requireUser, type AppEnv } from "../lib/http.ts";
import { findRegistry } from "../lib/lookup.ts";

export const registryRoutes = new Hono<AppEnv>()
  .use("/registries", requireUser)
  .use("/registries/*", requireUser)
  .get("/registries", async (c) => {
    const registries = await withUser(c.get("claims"), (tx) =>
      tx`
        select r.slug, r.name, r.description, r.type, m.role
        from registries r
        join registry_members m on m.registry_id = r.id and m.user_id = auth.uid()
        order by r.type desc, r.slug`
    );
    return c.json({ registries });
  })
  .get("/registries/:slug", async (c) => {
    const registry = await withUser(c.get("claims"), async (tx) => {
      const r = await findRegistry(tx, c.req.param("slug"));
      const [count] = await tx<{ n: number }[]>`select count(*)::int as n from skills where registry_id = ${r.id}`;
      return {
        slug: r.slug,
        name: r.name,
        description: r.description,
        type: r.type,
        publish_policy: r.publish_policy,
        role: r.role,
        skill_count: count?.n ?? 0,
      };
    });
    return c.json({ registry });
  });
