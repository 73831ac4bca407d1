/**
 * Maintainers of a skill (spec §2.6): contributors who may publish
 * to a skill they did not create. Readers of the skill see them; its
 * creator (while a contributor) and the registry's admins add and remove them.
 */
import { Hono, type Context } from "hono";
import { withUser, type Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { addMaintainerBody, registrySlug } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { findSkill, type SkillRow } from "../lib/lookup.ts";

const base = "/registries/:slug/skills/:skillSlug/maintainers";

interface MaintainerRow {
  user_id: string;
  username: string;
  display_name: string | null;
}

/** @throws ApiError FORBIDDEN unless the caller may manage the skill's maintainers. */
async function assertCanManage(tx: Tx, registrySlug: string, skill: SkillRow): Promise<void> {
  const [row] = await tx<{ ok: boolean }[]>`select private.can_manage_maintainers(${skill.id}) as ok`;
  if (!row?.ok) {
    throw new ApiError(
      "FORBIDDEN",
      `Only the creator of ${registrySlug}/${skill.slug} and admins of '${registrySlug}' can manage its maintainers`,
    );
  }
}

/** The `:username` path parameter; 400 when it cannot be a username. */
function usernameParam(c: Context): string {
  const parsed = registrySlug.safeParse(c.req.param("username") ?? "");
  if (!parsed.success) throw new ApiError("VALIDATION_ERROR", "username must be a valid username (3-39 lowercase letters, digits, hyphens)");
  return parsed.data;
}

export const maintainerRoutes = new Hono<AppEnv>()
  .use(base, requireUser)
  .use(`${base}/*`, requireUser)
  .get(base, async (c) => {
    const maintainers = await withUser(c.get("claims"), async (tx) => {
      const { skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      return tx<MaintainerRow[]>`
        select p.id as user_id, p.username, p.display_name
        from skill_maintainers sm join profiles p on p.id = sm.user_id
        where sm.skill_id = ${skill.id} order by p.username`;
    });
    return c.json({ maintainers });
  })
  .post(base, async (c) => {
    const body = await parseBody(c, addMaintainerBody);
    const maintainer = await withUser(c.get("claims"), async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      await assertCanManage(tx, registry.slug, skill);
      const [user] = await tx<(MaintainerRow & { role: string | null; maintains: boolean })[]>`
        select p.id as user_id, p.username, p.display_name, m.role,
               exists (select 1 from skill_maintainers sm where sm.skill_id = ${skill.id} and sm.user_id = p.id) as maintains
        from profiles p
        left join registry_members m on m.registry_id = ${registry.id} and m.user_id = p.id
        where p.username = ${body.username}`;
      if (!user) throw new ApiError("NOT_FOUND", `User '${body.username}' not found`);
      // Write access needs the contributor role too (private.can_write_skill):
      // a maintainer without it could not publish, so refuse rather than mislead.
      if (user.role !== "contributor" && user.role !== "admin") {
        throw new ApiError(
          "VALIDATION_ERROR",
          `username: '${user.username}' must be a contributor or admin of '${registry.slug}' to maintain a skill`,
        );
      }
      if (user.maintains) throw new ApiError("CONFLICT", `'${user.username}' already maintains ${registry.slug}/${skill.slug}`);
      await tx`insert into skill_maintainers (skill_id, user_id) values (${skill.id}, ${user.user_id})`;
      return { user_id: user.user_id, username: user.username, display_name: user.display_name };
    });
    return c.json({ maintainer }, 201);
  })
  .delete(`${base}/:username`, async (c) => {
    const username = usernameParam(c);
    await withUser(c.get("claims"), async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      await assertCanManage(tx, registry.slug, skill);
      const removed = await tx`
        delete from skill_maintainers sm using profiles p
        where p.id = sm.user_id and p.username = ${username} and sm.skill_id = ${skill.id}
        returning sm.id`;
      if (removed.length === 0) throw new ApiError("NOT_FOUND", `'${username}' does not maintain ${registry.slug}/${skill.slug}`);
    });
    return c.body(null, 204);
  });
