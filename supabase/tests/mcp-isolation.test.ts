/**
 * Isolation under concurrency: 100 tool calls from ten
 * different users in flight at once never return one user's data to another.
 * Every server and transport is per request, and every call runs in its own
 * transaction as its caller; this pins that no state leaks between them.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp, type TestUser } from "./support/api.ts";
import { callTool, connectMcp } from "./support/mcp.ts";

const USERS = 10;
const CALLS_PER_USER = 10;

describe.each(inject("platforms"))("mcp isolation on $name", ({ url, apiUrl }) => {
  let users: { user: TestUser; client: Client; skill: string }[] = [];

  beforeAll(async () => {
    users = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const user = await signUp(apiUrl, `iso${i}`);
        const client = await connectMcp(url, user.token);
        const skill = `private-${user.username}`;
        const created = await callTool(client, "create_skill", {
          registry: user.username,
          slug: skill,
          name: `Secret of ${user.username}`,
          description: "isolation probe",
          content: `---\nname: ${skill}\ndescription: isolation probe\n---\n\nOnly ${user.username} may read this.\n`,
        });
        expect(created.isError).toBeFalsy();
        return { user, client, skill };
      }),
    );
  });
  afterAll(() => Promise.all(users.map((u) => u.client.close())));

  it(`${USERS * CALLS_PER_USER} concurrent calls from ${USERS} users each see only their own data`, async () => {
    const calls = users.flatMap(({ user, client, skill }, i) =>
      Array.from({ length: CALLS_PER_USER }, async (_, k) => {
        // Each user also probes the next user's skill: it must stay invisible.
        const neighbour = users[(i + 1) % USERS]!;
        const kind = k % 5;
        const result = kind === 0
          ? await callTool(client, "list_skills")
          : kind === 1
          ? await callTool(client, "search_skills", { query: "isolation probe" })
          : kind === 2
          ? await callTool(client, "list_registries")
          : kind === 3
          ? await callTool(client, "get_skill", { registry: user.username, slug: skill })
          : await callTool(client, "get_skill", { registry: neighbour.user.username, slug: neighbour.skill });
        return { user, skill, kind, neighbour: neighbour.user.username, result };
      })
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes).toHaveLength(USERS * CALLS_PER_USER);

    for (const { user, skill, kind, neighbour, result } of outcomes) {
      const text = JSON.stringify(result);
      for (const other of users) {
        if (other.user.username !== user.username && other.user.username !== neighbour) {
          expect(text).not.toContain(other.user.username);
        }
      }
      if (kind === 4) {
        expect(result.isError).toBe(true);
        expect(text).not.toContain(`Only ${neighbour} may read this`);
        continue;
      }
      expect(result.isError).toBeFalsy();
      const data = result.structuredContent as Record<string, unknown>;
      if (kind === 0) expect(data).toEqual({ skills: [expect.objectContaining({ registry: user.username, slug: skill })], next_cursor: null });
      if (kind === 1) expect(data).toEqual({ results: [expect.objectContaining({ registry: user.username, slug: skill })], next_cursor: null });
      if (kind === 2) expect(data).toEqual({ registries: [expect.objectContaining({ slug: user.username, role: "admin" })] });
      if (kind === 3) expect(data).toMatchObject({ registry: user.username, content: expect.stringContaining(`Only ${user.username} may read this`) });
    }
  });
});
