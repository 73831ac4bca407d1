/**
 * One MCP request, served statelessly (MCP 2025-11-25
 * "Streamable HTTP"): a fresh McpServer and web-standard transport per HTTP
 * request, answering with JSON rather than an SSE stream. Sharing a server
 * between requests would share its tools' caller, so nothing is reused.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { JwtClaims } from "../_shared/auth.ts";
import { registerTools } from "./tools/index.ts";

const INSTRUCTIONS =
  "Agent Skills: a registry of skills, folders whose SKILL.md tells an agent how to do a task well. " +
  "Before a task, search_skills for a matching skill and follow its SKILL.md (get_skill). " +
  "If a skill's instructions turn out wrong, report_skill_issue so its maintainers can fix it.";

/** The MCP server for one caller, with the seven tools bound to their claims. */
export function createMcpServer(claims: JwtClaims): McpServer {
  const server = new McpServer({ name: "agent-skills", title: "Agent Skills", version: "0.1.0" }, { instructions: INSTRUCTIONS });
  registerTools(server, { claims });
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
