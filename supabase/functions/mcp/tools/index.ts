/**
 * The tool registry: the seven tools, registered on a server for
 * one caller. Each call's handler closes over that caller's claims, and the
 * server lives for one request only, so no call can see another's user.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ApiError } from "../../_shared/errors.ts";
import { UNSTORABLE_TEXT, unstorableTextPath } from "../../_shared/text.ts";
import { createSkillTool } from "./create-skill.ts";
import { getSkillTool } from "./get-skill.ts";
import { listRegistriesTool } from "./list-registries.ts";
import { listSkillsTool } from "./list-skills.ts";
import { reportSkillIssueTool } from "./report-skill-issue.ts";
import { searchSkillsTool } from "./search-skills.ts";
import { toolResult, type ToolContext } from "./tool.ts";
import { updateSkillTool } from "./update-skill.ts";

/** Every tool, in the order `tools/list` shows them. */
export const tools = [
  listSkillsTool,
  searchSkillsTool,
  getSkillTool,
  listRegistriesTool,
  createSkillTool,
  updateSkillTool,
  reportSkillIssueTool,
] as const;

/** Registers every tool on `server`, acting as the caller in `context`. */
export function registerTools(server: McpServer, context: ToolContext): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      // The SDK has validated `args` against `tool.input`; the union of the seven shapes is not expressible here.
      // Arguments are the one input of a tool that reaches SQL: text Postgres cannot store is refused here, for all.
      (args: unknown) =>
        toolResult<Record<string, unknown>>(tool.name, () => {
          const at = unstorableTextPath(args);
          if (at !== null) throw new ApiError("VALIDATION_ERROR", `${at === "body" ? "arguments" : at} ${UNSTORABLE_TEXT}`);
          return tool.run(args as never, context);
        }, (result) => tool.summarize(result as never)),
    );
  }
}
