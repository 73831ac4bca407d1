/**
 * The CLI keeps its own copy of the wire shapes and of the folder digest
 * (DESIGN "Shape": nothing in cli/ imports supabase/). This pins the copies
 * to the server's: same digests, and each side accepts what the other sends.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as serverDigest from "../../supabase/functions/_shared/digest.ts";
import * as server from "../../supabase/functions/_shared/types.ts";
import * as cliDigest from "../src/lib/digest.ts";
import { readFolder } from "../src/lib/folder.ts";
import { skillBodyOf } from "../src/lib/push.ts";
import * as cli from "../src/lib/wire.ts";
import { FIXTURES } from "./helpers/fs.ts";

const files = [
  { path: "SKILL.md", sha256: cliDigest.sha256Hex("# skill\n"), size: 8, executable: false },
  { path: "scripts/run.sh", sha256: cliDigest.sha256Hex("#!/bin/sh\n"), size: 10, executable: true },
  { path: "references/Ünïcode name.md", sha256: cliDigest.sha256Hex("ü"), size: 2, executable: false },
  { path: "a-b/c", sha256: cliDigest.sha256Hex(""), size: 0, executable: false },
];

describe("wire contract with the server", () => {
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

  it("reads every sync response the server schema produces", () => {
    const resolved = server.resolvedSkill.parse({
      registry: "kove-inc", slug: "zod-v4", name: "zod-v4", description: null, tags: ["zod"], compat: [],
      version: "2.1.0", digest: serverDigest.folderDigest(files), files,
    });
    const response = server.syncResponse.parse({
      skills: [resolved],
      errors: [
        { registry: "kove-inc", slug: "x", version: ">=9.0.0", code: "NO_MATCHING_VERSION", message: "no match" },
        { registry: "kove-inc", slug: "y", code: "NOT_FOUND", message: "not found" },
        { registry: "kove-inc", slug: "z", version: "bad", code: "INVALID_CONSTRAINT", message: "bad" },
      ],
    });
    expect(cli.syncResponse.parse(response)).toEqual(response);
  });

  it("reads blobs, error bodies and manifest entries the server produces", () => {
    const blobs = server.blobsResponse.parse({ blobs: [{ sha256: files[0]!.sha256, content_base64: "IyBza2lsbAo=" }] });
    expect(cli.blobsResponse.parse(blobs)).toEqual(blobs);
    const error = server.errorBody.parse({ error: { code: "FORBIDDEN", message: "no" } });
    expect(cli.errorBody.parse(error)).toEqual(error);
    for (const entry of files) expect(cli.fileEntry.parse(server.fileEntry.parse(entry))).toEqual(entry);
  });

  it("sends sync, blobs, create and publish bodies the server accepts unchanged", async () => {
    const sync = cli.syncRequest.parse({ skills: [{ registry: "kove-inc", slug: "zod-v4", version: "^2.0.0" }, { registry: "jake", slug: "x" }] });
    expect(server.syncRequest.parse(sync)).toEqual(sync);
    const blobs = cli.blobsRequest.parse({ sha256: files.map((f) => f.sha256) });
    expect(server.blobsRequest.parse(blobs)).toEqual(blobs);

    const dir = join(FIXTURES, "web-artifacts-builder");
    const body = { ...skillBodyOf("web-artifacts-builder", dir, (await readFolder(dir))!), version: "1.0.0", changelog: "first" };
    expect(server.createSkillBody.parse(cli.createSkillBody.parse(body))).toEqual(body);
    const publish = cli.publishVersionBody.parse({ version: "1.0.1", files: body.files });
    expect(server.publishVersionBody.parse(publish)).toEqual(publish);
  });

  it("uses the server's slug rules", () => {
    expect(cli.SKILL_SLUG_RULE).toBe(server.SKILL_SLUG_RULE);
    expect(cli.REGISTRY_SLUG_RULE).toBe(server.REGISTRY_SLUG_RULE);
    for (const slug of ["ab", "a", "a-b", "-a", "a--b", "A", "x".repeat(64), "x".repeat(65), "kove-inc"]) {
      expect(cli.skillSlug.safeParse(slug).success, slug).toBe(server.skillSlug.safeParse(slug).success);
      expect(cli.registrySlug.safeParse(slug).success, slug).toBe(server.registrySlug.safeParse(slug).success);
    }
  });
});
