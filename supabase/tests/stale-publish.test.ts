/**
 * A publish that names the version its folder was edited from (`base_version`
 * over the API, the same argument of the MCP `update_skill` tool) is refused
 * with 409 when a newer version exists, naming both, and stores nothing; one
 * without a base publishes as before. On the embedded PGlite and on a real
 * PostgreSQL server.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";
import { callTool, connectMcp, textOf } from "./support/mcp.ts";

describe.each(inject("platforms"))("a publish based on an old version, on $name", ({ url, apiUrl }) => {
  let owner: TestUser;
  let mcp: Client;

  beforeAll(async () => {
    owner = await signUp(apiUrl, "stale");
    mcp = await connectMcp(url, owner.token);
  });
  afterAll(() => mcp.close());

  /** A new skill at 1.0.0 and 1.0.1 in the owner's registry; returns its versions path. */
  const skillAtTwoVersions = async (slug: string) => {
    const path = `/registries/${owner.username}/skills`;
    expect((await call(apiUrl, "POST", path, { token: owner.token, body: { slug, name: slug, files: skillFiles(slug) } })).status).toBe(201);
    const second = await call(apiUrl, "POST", `${path}/${slug}/versions`, {
      token: owner.token,
      body: { version: "1.0.1", files: skillFiles(slug, "The teammate's change."), base_version: "1.0.0" },
    });
    expect(second.status).toBe(201);
    return `${path}/${slug}/versions`;
  };

  it("refuses with 409 naming the latest and the base, and publishes nothing", async () => {
    const slug = uniqueName("stale");
    const versions = await skillAtTwoVersions(slug);
    const stale = await call(apiUrl, "POST", versions, {
      token: owner.token,
      body: { version: "1.0.2", files: skillFiles(slug, "My change."), base_version: "1.0.0" },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "CONFLICT", latest: "1.0.1", base: "1.0.0" });
    expect(stale.body.error.message).toContain("1.0.1");
    expect(stale.body.error.message).toContain("1.0.0");
    // Also when the version asked for is the one that exists: the stale base is what to fix.
    const same = await call(apiUrl, "POST", versions, { token: owner.token, body: { version: "1.0.1", files: skillFiles(slug, "Mine."), base_version: "1.0.0" } });
    expect(same.body.error).toMatchObject({ code: "CONFLICT", latest: "1.0.1", base: "1.0.0" });
    const list = await call(apiUrl, "GET", versions, { token: owner.token });
    expect(list.body.versions.map((v: { version: string }) => v.version)).toEqual(["1.0.1", "1.0.0"]);
  });

  it("publishes when based on the latest, or without a base (replacing it knowingly)", async () => {
    const slug = uniqueName("fresh");
    const versions = await skillAtTwoVersions(slug);
    const based = await call(apiUrl, "POST", versions, { token: owner.token, body: { version: "1.0.2", files: skillFiles(slug, "Merged."), base_version: "1.0.1" } });
    expect(based.status).toBe(201);
    const forced = await call(apiUrl, "POST", versions, { token: owner.token, body: { version: "1.0.3", files: skillFiles(slug, "Forced.") } });
    expect(forced.status).toBe(201);
    expect(forced.body.version).toBe("1.0.3");
  });

  it("of two publishes racing from the same base, one is stored and the other refused as stale", async () => {
    const slug = uniqueName("race");
    const versions = await skillAtTwoVersions(slug);
    const publish = (version: string, body: string) =>
      call(apiUrl, "POST", versions, { token: owner.token, body: { version, files: skillFiles(slug, body), base_version: "1.0.1" } });
    const answers = await Promise.all([publish("1.0.2", "One."), publish("1.0.3", "Other.")]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: "CONFLICT", base: "1.0.1" });
    expect((await call(apiUrl, "GET", versions, { token: owner.token })).body.versions).toHaveLength(3);
  });

  it("refuses a base version that is not semver with 422", async () => {
    const slug = uniqueName("badbase");
    const versions = await skillAtTwoVersions(slug);
    const res = await call(apiUrl, "POST", versions, { token: owner.token, body: { version: "1.0.2", files: skillFiles(slug, "X."), base_version: "one" } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/'one' is not valid semver/);
  });

  it("update_skill with an old base_version is a CONFLICT tool error; with the latest it publishes", async () => {
    const slug = uniqueName("mcpstale");
    const versions = await skillAtTwoVersions(slug);
    const content = `---\nname: ${slug}\ndescription: Mine.\n---\n\n# ${slug}\n\nMine.\n`;
    const stale = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "1.0.2", content, base_version: "1.0.0" });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toMatch(/^CONFLICT: .*1\.0\.1.*1\.0\.0/);
    expect((await call(apiUrl, "GET", versions, { token: owner.token })).body.versions).toHaveLength(2);
    const based = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "1.0.2", content, base_version: "1.0.1" });
    expect(based.structuredContent).toMatchObject({ version: "1.0.2", previous_version: "1.0.1" });
  });
});
