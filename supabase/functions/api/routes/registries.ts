/**
 * Registries: list the caller's, create an organization registry (its
 * creator becomes admin), read one, update its settings (admins). A registry
 * the caller does not belong to is a 404, like a missing one.
 */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { createRegistry, listMyRegistries, refuseReservedSlug, registryView, updateRegistry } from "../../_shared/domain/registries.ts";
import { createRegistryBody, registriesResponse, registryResponse, updateRegistryBody } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

export const registryRoutes = new Hono<AppEnv>()
  .use("/registries", requireUser)
  .use("/registries/*", requireUser)
  .get("/registries", async (c) => {
    const registries = await withUser(c.get("claims"), (tx) => listMyRegistries(tx));
    return reply(c, registriesResponse, { registries });
  })
  .post("/registries", async (c) => {
    const body = await parseBody(c, createRegistryBody);
    refuseReservedSlug(body.slug);
    const claims = c.get("claims");
    const registry = await withUser(claims, (tx) => createRegistry(tx, { ...body, userId: claims.sub }));
    return reply(c, registryResponse, { registry }, 201);
  })
  .get("/registries/:slug", async (c) => {
    const registry = await withUser(c.get("claims"), (tx) => registryView(tx, c.req.param("slug")));
    return reply(c, registryResponse, { registry });
  })
  .put("/registries/:slug", async (c) => {
    const body = await parseBody(c, updateRegistryBody);
    const registry = await withUser(c.get("claims"), (tx) => updateRegistry(tx, c.req.param("slug"), body));
    return reply(c, registryResponse, { registry });
  });
