/**
 * Registries (spec §3.1): list the caller's, create an organization registry
 * (its creator becomes admin), read one, update its settings (admins).
 * A registry the caller does not belong to is a 404, like a missing one.
 */
import { Hono } from "hono";
import { withUser, type Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { createRegistryBody, updateRegistryBody, type RegistryView } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { findRegistry } from "../lib/lookup.ts";
import { requireAdmin } from "../lib/membership.ts";
import { RESERVED_SLUGS } from "../../_shared/reserved.ts";

/** The registry as the API shows it, with the caller's role and its skill count. */
async function registryView(tx: Tx, slug: string): Promise<RegistryView> {
  const r = await findRegistry(tx, slug);
  const [count] = await tx<{ n: number }[]>`select count(*)::int as n from skills where registry_id = ${r.id}`;
  return {
    slug: r.slug,
    name: r.name,
    description: r.description,
    type: r.type,
    publish_policy: r.publish_policy as RegistryView["publish_policy"],
    role: r.role!,
    skill_count: count?.n ?? 0,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}

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
  .post("/registries", async (c) => {
    const body = await parseBody(c, createRegistryBody);
    if (RESERVED_SLUGS.has(body.slug)) {
      throw new ApiError("VALIDATION_ERROR", `slug: '${body.slug}' is reserved; pick another`);
    }
    const claims = c.get("claims");
    try {
      const registry = await withUser(claims, async (tx) => {
        // No RETURNING: the creator can read the row only once the trigger
        // has made them its admin, after the statement.
        await tx`
          insert into registries (slug, name, description, type, created_by)
          values (${body.slug}, ${body.name}, ${body.description ?? null}, 'organization', ${claims.sub})`;
        return registryView(tx, body.slug);
      });
      return c.json({ registry }, 201);
    } catch (error) {
      // Usernames and organization slugs share one namespace (registries.slug).
      if (isUniqueViolation(error)) throw new ApiError("CONFLICT", `A registry or user named '${body.slug}' already exists`);
      throw error;
    }
  })
  .get("/registries/:slug", async (c) => {
    const registry = await withUser(c.get("claims"), (tx) => registryView(tx, c.req.param("slug")));
    return c.json({ registry });
  })
  .put("/registries/:slug", async (c) => {
    const body = await parseBody(c, updateRegistryBody);
    const registry = await withUser(c.get("claims"), async (tx) => {
      const current = await findRegistry(tx, c.req.param("slug"));
      requireAdmin(current, "change its settings");
      const updated = await tx`
        update registries set
          name = coalesce(${body.name ?? null}, name),
          description = case when ${body.description !== undefined} then ${body.description ?? null} else description end,
          publish_policy = coalesce(${body.publish_policy ?? null}::publish_policy, publish_policy)
        where id = ${current.id}
        returning id`;
      // RLS re-checks the role at this statement: the caller may have been demoted meanwhile.
      if (updated.length === 0) throw new ApiError("FORBIDDEN", `You are no longer an admin of '${current.slug}'`);
      return registryView(tx, current.slug);
    });
    return c.json({ registry });
  });
