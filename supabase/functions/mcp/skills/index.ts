/**
 * The MCP Skills extension (`io.modelcontextprotocol/skills`) on one
 * request's server: its capability, `skills/list`, `skills/get`,
 * `resources/directory/read`, and the ordinary Resources methods over the
 * same `skill://` files. The SDK knows neither the extension's methods nor
 * its capability, so both go in through the low-level server: capabilities
 * by `registerCapabilities` (SDK 1.32 passes `extensions` through to the
 * initialize result), methods by `setRequestHandler` with a schema naming
 * each method.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { SkillsContext } from "./context.ts";
import { DIRECTORY_READ, readDirectory } from "./directory.ts";
import { getSkill, SKILLS_GET } from "./get.ts";
import { listSkills, SKILLS_LIST } from "./list.ts";
import { answer, requestSchema } from "./protocol.ts";
import { readResource } from "./read.ts";
import { listResources, listResourceTemplates } from "./resources.ts";

/** The extension's identifier, the key of its settings under `capabilities.extensions`. */
export const SKILLS_EXTENSION = "io.modelcontextprotocol/skills";

/** Declares the extension and registers its methods on `server`, answering as the caller in `context`. Call before connecting. */
export function registerSkillsExtension(server: McpServer, context: SkillsContext): void {
  // A stateless server never sends list_changed or update notifications, so it claims none.
  server.server.registerCapabilities({
    resources: { subscribe: false, listChanged: false },
    extensions: { [SKILLS_EXTENSION]: { directoryRead: true } },
  });
  const methods: [string, (params: unknown, context: SkillsContext) => Promise<Record<string, unknown>> | Record<string, unknown>][] = [
    [SKILLS_LIST, listSkills],
    [SKILLS_GET, getSkill],
    [DIRECTORY_READ, readDirectory],
    ["resources/read", readResource],
    ["resources/list", listResources],
    ["resources/templates/list", listResourceTemplates],
  ];
  for (const [method, handle] of methods) {
    // Typed by hand: `deno check` does not infer the handler's parameter from the SDK's schema types, as tsc does.
    server.server.setRequestHandler(requestSchema(method), (request: { params?: unknown }) =>
      answer(method, async () => handle(request.params, context)));
  }
}
