/**
 * Test helpers for the MCP server: the official SDK client connected over
 * Streamable HTTP with a bearer token, and an organization registry set up
 * with chosen roles (fixture data written as the database owner; the
 * behaviour under test always goes through HTTP as the users themselves).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type postgres from "postgres";
import { uniqueName, type TestUser } from "./api.ts";

/** The MCP endpoint of a platform. */
export function mcpUrl(platformUrl: string): URL {
  return new URL(`${platformUrl}/functions/v1/mcp`);
}

/** An SDK client connected (initialized) as the holder of `token`. */
export async function connectMcp(platformUrl: string, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(mcpUrl(platformUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "agent-skills-tests", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** Calls a tool and returns its result (tool errors included, as `isError`). */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of a result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}

/**
 * Creates an organization registry whose admin is `admin` (the creation
 * trigger makes them so) and adds the others with their roles.
 * @returns the registry's slug.
 */
export async function createOrganization(
  sql: postgres.Sql,
  admin: TestUser,
  others: { user: TestUser; role: "member" | "contributor" | "admin" }[],
): Promise<string> {
  const slug = uniqueName("org");
  const [registry] = await sql<{ id: string }[]>`
    insert into registries (slug, name, type, created_by) values (${slug}, ${slug}, 'organization', ${admin.id}) returning id`;
  for (const { user, role } of others) {
    await sql`insert into registry_members (registry_id, user_id, role) values (${registry!.id}, ${user.id}, ${role})`;
  }
  return slug;
}
