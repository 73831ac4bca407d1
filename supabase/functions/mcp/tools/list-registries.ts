/** `list_registries`: the registries the caller belongs to, with their role. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { listMyRegistries } from "../../_shared/domain/registries.ts";
import { orNull } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

const registry = z.object({
  slug: z.string(),
  name: z.string(),
  description: orNull(z.string(), "What the registry is for; null if not said"),
  type: z.enum(["personal", "organization"]),
  role: z.enum(["member", "contributor", "admin"])
    .describe("member: read; contributor: create skills, publish the ones they created or maintain; admin: everything"),
});

/** The `list_registries` tool: read-only. */
export const listRegistriesTool = defineTool({
  name: "list_registries",
  title: "List registries",
  description:
    "List the registries (personal and organization skill collections) the user belongs to, with their role in " +
    "each. Use it to pick the `registry` argument of the other tools: creating a skill needs the contributor or " +
    "admin role.",
  input: {},
  output: { registries: z.array(registry) },
  annotations: READ_ONLY,
  run: async (_args, { claims }) => {
    const rows = await withUser(claims, (tx) => listMyRegistries(tx));
    return { registries: rows.map(({ slug, name, description, type, role }) => ({ slug, name, description, type, role })) };
  },
  summarize: ({ registries }) => registries.map((r) => `- ${r.slug} (${r.type}, your role: ${r.role}): ${r.name}`).join("\n"),
});
