/**
 * One MCP request, served statelessly (MCP 2025-11-25
 * "Streamable HTTP"): a fresh McpServer and web-standard transport per HTTP
 * request, answering with JSON rather than an SSE stream. Sharing a server
 * between requests would share its tools' caller, so nothing is reused.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { JwtClaims } from "../_shared/auth.ts";
import { registerSkillsExtension } from "./skills/index.ts";
import { registerTools } from "./tools/index.ts";

/** What the model is told on connecting: what this server is and where to start; the catalogue itself is a search away. */
export const INSTRUCTIONS =
  "Agent Skills: a registry of skills, folders whose SKILL.md tells an agent how to do a task well, " +
  "from every registry the user belongs to. Before a task, search_skills for a matching skill and follow its SKILL.md. " +
  "Each skill is also a resource: skill://<registry>/<slug>/SKILL.md (latest version; skill://<registry>/<version>/<slug>/SKILL.md " +
  "for an exact one), and the paths SKILL.md mentions resolve against that folder, e.g. skill://<registry>/<slug>/references/guide.md. " +
  "Read them with resources/read or get_skill. If a skill's instructions turn out wrong, report_skill_issue so its maintainers can fix it.";

/**
 * The MCP server for one caller: the seven tools and the Skills extension,
 * bound to their claims.
 */
export function createMcpServer(claims: JwtClaims): McpServer {
  const server = new McpServer({ name: "agent-skills", title: "Agent Skills", version: "0.1.0" }, { instructions: INSTRUCTIONS });
  registerTools(server, { claims });
  // The SDK claims tools.listChanged when a tool is registered; a stateless server never sends that notification.
  server.server.registerCapabilities({ tools: { listChanged: false } });
  registerSkillsExtension(server, { claims });
  return server;
}

/**
 * Handles one POST to the MCP endpoint for a verified caller.
 * @returns the JSON-RPC response (JSON-RPC errors for malformed bodies, 202 for notifications).
 */
export async function handleMcpPost(request: Request, claims: JwtClaims): Promise<Response> {
  const server = createMcpServer(claims);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}
