/**
 * The CLI and the server share one set of wire schemas
 * (supabase/functions/_shared/wire/, which the CLI imports file by file) and
 * one folder digest, each bound to its own crypto.
 * This pins what the two sides exchange to those schemas: what the server
 * produces reads back unchanged through the names the CLI uses, what the CLI
 * sends the server's body schemas accept unchanged, both bindings digest alike,
 * and both refuse the same folder names.
 */
import { join } from "node:path";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import * as serverDigest from "../../supabase/functions/_shared/digest.ts";
import { prepareFolder } from "../../supabase/functions/_shared/domain/folder.ts";
import { encodeCursor } from "../../supabase/functions/_shared/cursor.ts";
import { SKILL_LIMITS } from "../../supabase/functions/_shared/skill-limits.ts";
import * as server from "../../supabase/functions/_shared/wire/index.ts";
import * as cliDigest from "../src/lib/skill/digest.ts";
import { readFolder } from "../src/lib/skill/folder.ts";
import { skillBodyOf } from "../src/lib/push/push.ts";
import { validateSkill } from "../src/lib/skill/validate.ts";
import { FIXTURES } from "./helpers/fs.ts";

/** The shared schemas under the names the CLI's modules import them by. */
const cli = {
  ...server,
  createRegistryResponse: server.registryResponse,
  invitation: server.invitationView,
  inviteEmail: server.emailAddress,
  registryRoleSchema: server.memberRole,
};

const files = [
  { path: "SKILL.md", sha256: cliDigest.sha256Hex("# skill\n"), size: 8, executable: false },
  { path: "scripts/run.sh", sha256: cliDigest.sha256Hex("#!/bin/sh\n"), size: 10, executable: true },
  { path: "references/Ünïcode name.md", sha256: cliDigest.sha256Hex("ü"), size: 2, executable: false },
  { path: "a-b/c", sha256: cliDigest.sha256Hex(""), size: 0, executable: false },
];

describe("wire shapes shared with the server", () => {
  it("computes the same folder digest as the server, in any order", () => {
    for (const sample of [files, [...files].reverse(), files.slice(0, 1), []]) {
      expect(cliDigest.folderDigest(sample)).toBe(serverDigest.folderDigest(sample));
    }
    expect(cliDigest.sha256Hex("ü")).toBe(serverDigest.sha256Hex("ü"));
  });

  it("computes the same digest as the server over a real skill folder", async () => {
    const folder = await readFolder(join(FIXTURES, "canvas-design"));
    const entries = folder!.map((f) => ({ path: f.path, sha256: serverDigest.sha256Hex(f.bytes), executable: f.executable }));
    expect(cliDigest.folderDigest(folder!)).toBe(serverDigest.folderDigest(entries));
  });

  it("reads back every sync response the server schema produces", () => {
    const resolved = z.parse(server.syncedSkill, {
      registry: "kove-inc", slug: "zod-v4", name: "zod-v4", description: null, tags: ["zod"], compat: [],
      version: "2.1.0", digest: serverDigest.folderDigest(files), files,
    });
    const response = z.parse(server.syncResponse, {
      skills: [resolved],
      errors: [
        { registry: "kove-inc", slug: "x", version: ">=9.0.0", code: "NO_MATCHING_VERSION", message: "no match" },
        { registry: "kove-inc", slug: "y", code: "NOT_FOUND", message: "not found" },
        { registry: "kove-inc", slug: "z", version: "bad", code: "INVALID_CONSTRAINT", message: "bad" },
      ],
    });
    expect(z.parse(cli.syncResponse, response)).toEqual(response);
  });

  it("reads blobs, error bodies and manifest entries the server produces", () => {
    const blobs = z.parse(server.blobsResponse, { blobs: [{ sha256: files[0]!.sha256, content_base64: "IyBza2lsbAo=" }] });
    expect(z.parse(cli.blobsResponse, blobs)).toEqual(blobs);
    const error = z.parse(server.errorBody, { error: { code: "FORBIDDEN", message: "no" } });
    expect(z.parse(cli.errorBody, error)).toEqual(error);
    for (const entry of files) expect(z.parse(cli.fileEntry, z.parse(server.fileEntry, entry))).toEqual(entry);
  });

  it("sends sync, blobs, create and publish bodies the server accepts unchanged", async () => {
    const sync = z.parse(cli.syncRequest, { skills: [{ registry: "kove-inc", slug: "zod-v4", version: "^2.0.0" }, { registry: "jake", slug: "x" }] });
    expect(z.parse(server.syncRequest, sync)).toEqual(sync);
    const blobs = z.parse(cli.blobsRequest, { sha256: files.map((f) => f.sha256) });
    expect(z.parse(server.blobsRequest, blobs)).toEqual(blobs);

    const dir = join(FIXTURES, "web-artifacts-builder");
    const body = { ...skillBodyOf("web-artifacts-builder", dir, (await readFolder(dir))!), version: "1.0.0", changelog: "first" };
    expect(z.parse(server.createSkillBody, z.parse(cli.createSkillBody, body))).toEqual(body);
    const publish = z.parse(cli.publishVersionBody, { version: "1.0.1", files: body.files });
    expect(z.parse(server.publishVersionBody, publish)).toEqual(publish);
  });

  it("speaks the upload protocol the server does: missing, upload and stored shapes, and the same body limit", () => {
    const hashes = files.map((f) => f.sha256);
    const ask = z.parse(cli.missingBlobsRequest, { sha256: hashes });
    expect(z.parse(server.missingBlobsRequest, ask)).toEqual(ask);
    const missing = z.parse(server.missingBlobsResponse, { missing: hashes.slice(1) });
    expect(z.parse(cli.missingBlobsResponse, missing)).toEqual(missing);
    const upload = z.parse(cli.uploadBlobsRequest, { blobs: [{ sha256: hashes[0]!, content_base64: "IyBza2lsbAo=" }] });
    expect(z.parse(server.uploadBlobsRequest, upload)).toEqual(upload);
    const stored = z.parse(server.storedBlobsResponse, { stored: hashes });
    expect(z.parse(cli.storedBlobsResponse, stored)).toEqual(stored);
    expect(cli.BLOB_UPLOAD_MAX_BODY_BYTES).toBe(server.BLOB_UPLOAD_MAX_BODY_BYTES);
  });

  it("reads the registry, member and invitation views in every response that carries them", () => {
    const registry = z.parse(server.registryView, {
      slug: "kove-inc", name: "Kove Inc", description: null, type: "organization", publish_policy: "open", role: "admin", skill_count: 0,
    });
    expect(z.parse(cli.createRegistryResponse, { registry })).toEqual({ registry });
    const member = z.parse(server.memberView, {
      user_id: "0b9f6c1e-8d4a-4f7e-9c57-2a4f1e0d3b21", username: "alex", display_name: null, role: "contributor", joined_at: "2025-01-02T03:04:05.000Z",
    });
    expect(z.parse(cli.membersResponse, { members: [member, { ...member, display_name: "Alex" }] }).members).toHaveLength(2);
    const invitation = z.parse(server.invitationView, {
      id: "5d1c0a7e-3b2f-4c9d-8e6a-1f2b3c4d5e6f", registry: "kove-inc", registry_name: "Kove Inc", email: "alex@example.com", role: "member",
      status: "pending", invited_by: "jake", created_at: "2025-01-02T03:04:05.000Z", expires_at: "2025-01-09T03:04:05.000Z",
    });
    expect(z.parse(cli.invitationsResponse, { invitations: [invitation, { ...invitation, invited_by: null }] }).invitations).toHaveLength(2);
    // POST …/members/invite: 201 a pending invitation, or 200 a direct membership.
    expect(z.parse(cli.inviteResponse, { invitation })).toEqual({ invitation });
    expect(z.parse(cli.inviteResponse, { member })).toEqual({ member });
    expect(z.parse(cli.acceptInvitationResponse, { member, registry: "kove-inc" })).toEqual({ member, registry: "kove-inc" });
    const declined = z.parse(server.invitationView, { ...invitation, status: "declined" });
    expect(z.parse(cli.declineInvitationResponse, { invitation: declined })).toEqual({ invitation: declined });
    for (const status of server.invitationView.shape.status.options) {
      expect(z.parse(cli.invitation, { ...invitation, status }).status).toBe(status);
    }
  });

  it("reads listing pages with the server's cursor, and their last page", () => {
    const next = encodeCursor({ rank: "0.0607927", key: "kove-inc/zod-v4" });
    const skill = { slug: "zod-v4", name: "zod-v4", description: null, tags: [], compat: [], version: "1.0.0", created_by: "jake", updated_at: "2025-01-02T03:04:05.000Z" };
    expect(z.parse(cli.skillListResponse, { skills: [skill], next_cursor: next }).next_cursor).toBe(next);
    expect(z.parse(cli.skillListResponse, { skills: [skill], next_cursor: null }).next_cursor).toBeNull();
    const { created_by: _c, updated_at: _u, ...hit } = skill;
    expect(z.parse(cli.searchResponse, { results: [{ registry: "kove-inc", ...hit }], next_cursor: next }).next_cursor).toBe(next);
  });

  it("sends create-registry and invite bodies the server accepts unchanged", () => {
    const registry = z.parse(cli.createRegistryBody, { slug: "kove-inc", name: "Kove Inc", description: "Our skills" });
    expect(z.parse(server.createRegistryBody, registry)).toEqual(registry);
    for (const role of server.MEMBER_ROLES) {
      const invite = { email: "alex@example.com", role: z.parse(cli.registryRoleSchema, role) };
      expect(z.parse(server.inviteBody, invite)).toEqual(invite);
    }
    expect(cli.registryRoleSchema.options).toEqual([...server.MEMBER_ROLES]);
  });

  it("accepts exactly the invite emails the server accepts", () => {
    const emails = ["alex@example.com", "o'brien@example.co.uk", "a+b@x-y.io", "a.b@example.com", "a@b", "a@b.c", "a..b@example.com", ".a@example.com", "a.@example.com", "a b@example.com", "a@-x.com", "@example.com"];
    for (const email of emails) {
      expect(z.safeParse(cli.inviteEmail, email).success, email).toBe(z.safeParse(server.inviteBody, { email, role: "member" }).success);
    }
  });

  it("refuses exactly the folder names the server refuses at publish", () => {
    const skillMd = "---\nname: ab\ndescription: x\n---\n# Ab\n";
    const folders = [
      ["README.md", "readme.md"], ["r\u00e9sum\u00e9.md", "re\u0301sume\u0301.md"], ["Docs/a.md", "docs/b.md"], ["a", "a/b"],
      ["x".repeat(256)], ["x".repeat(255)], ["docs/COM1.txt"], ["console.md"], ["notes."], ["a b"], ["d/a|b"], ["README.md", "docs/readme.md"],
    ];
    for (const paths of folders) {
      const files = [{ path: "SKILL.md", bytes: Buffer.from(skillMd) }, ...paths.map((path) => ({ path, bytes: Buffer.from(path) }))];
      let serverError: string | null = null;
      try {
        prepareFolder(files.map((f) => ({ path: f.path, content_base64: f.bytes.toString("base64"), executable: false })), SKILL_LIMITS);
      } catch (error) {
        serverError = (error as Error).message;
      }
      const cliErrors = validateSkill("ab", files).errors;
      expect(cliErrors.length > 0, paths.join(", ")).toBe(serverError !== null);
      if (serverError) expect(serverError, paths.join(", ")).toContain(cliErrors[0]!.split(" The registry refuses")[0]);
    }
  });

  it("uses the server's slug rules", () => {
    expect(cli.SKILL_SLUG_RULE).toBe(server.SKILL_SLUG_RULE);
    expect(cli.REGISTRY_SLUG_RULE).toBe(server.REGISTRY_SLUG_RULE);
    for (const slug of ["ab", "a", "a-b", "-a", "a--b", "A", "x".repeat(64), "x".repeat(65), "kove-inc"]) {
      expect(z.safeParse(cli.skillSlug, slug).success, slug).toBe(z.safeParse(server.skillSlug, slug).success);
      expect(z.safeParse(cli.registrySlug, slug).success, slug).toBe(z.safeParse(server.registrySlug, slug).success);
    }
  });
});
