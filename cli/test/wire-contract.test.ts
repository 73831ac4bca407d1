/**
 * What the CLI exchanges with the server beyond the shared wire schemas
 * (supabase/functions/_shared/wire/, imported by both sides): the folder
 * digest, bound to each side's own crypto, must agree; the request bodies
 * the CLI's own code builds (push, blob batching) must pass the server's body
 * schemas unchanged; the invite command's --role choices, a list of its own,
 * must be the server's roles; and the CLI's folder checks must refuse exactly
 * the names the server's publish refuses.
 * Nothing here parses a sample with a wire schema and then with "the CLI's
 * copy" of it: the CLI imports the very same schema objects from _shared/wire,
 * so such a check compared a schema with itself and could not fail; whether
 * the server's real answers parse with them is supabase/tests/wire-responses.test.ts.
 */
import { join } from "node:path";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import * as serverDigest from "../../supabase/functions/_shared/digest.ts";
import { prepareFolder } from "../../supabase/functions/_shared/domain/folder.ts";
import { SKILL_LIMITS } from "../../supabase/functions/_shared/skill-limits.ts";
import * as server from "../../supabase/functions/_shared/wire/index.ts";
import { command as inviteCommand } from "../src/commands/registry/invite.ts";
import { downloadBlobs, missingBlobs, uploadBlobs } from "../src/lib/http/api/blobs.ts";
import type { ApiClient } from "../src/lib/http/client.ts";
import * as cliDigest from "../src/lib/skill/digest.ts";
import { readFolder } from "../src/lib/skill/folder.ts";
import { skillBodyOf } from "../src/lib/push/push.ts";
import { validateSkill } from "../src/lib/skill/validate.ts";
import { FIXTURES } from "./helpers/fs.ts";

const files = [
  { path: "SKILL.md", sha256: cliDigest.sha256Hex("# skill\n"), size: 8, executable: false },
  { path: "scripts/run.sh", sha256: cliDigest.sha256Hex("#!/bin/sh\n"), size: 10, executable: true },
  { path: "references/Ünïcode name.md", sha256: cliDigest.sha256Hex("ü"), size: 2, executable: false },
  { path: "a-b/c", sha256: cliDigest.sha256Hex(""), size: 0, executable: false },
];

/** A request the CLI sent through `recordingClient`. */
interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/**
 * An ApiClient that records every request and answers it with `answer`, so the
 * CLI's blob functions run as they do against a server, without one.
 */
function recordingClient(answer: (sent: Sent) => unknown): { client: ApiClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = {
    apiUrl: "https://registry.test/api",
    request: async (method: string, path: string, schema: z.ZodMiniType, options: { body?: unknown } = {}) => {
      const request = { method, path, body: options.body };
      sent.push(request);
      return z.parse(schema, answer(request));
    },
  };
  return { client: client as unknown as ApiClient, sent };
}

/** `count` distinct blobs of `size` bytes each. */
function blobs(count: number, size: number): { sha256: string; bytes: Buffer }[] {
  return Array.from({ length: count }, (_, i) => {
    const bytes = Buffer.alloc(size, 0x61);
    bytes.write(String(i));
    return { sha256: cliDigest.sha256Hex(bytes), bytes };
  });
}

describe("what the CLI and the server must agree on beyond the shared schemas", () => {
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

  it("sends create and publish bodies, built from a real folder, that the server accepts unchanged", async () => {
    const dir = join(FIXTURES, "web-artifacts-builder");
    const body = { ...skillBodyOf("web-artifacts-builder", dir, (await readFolder(dir))!), version: "1.0.0", changelog: "first" };
    expect(z.parse(server.createSkillBody, body)).toEqual(body);
    const publish = { version: "1.0.1", files: body.files };
    expect(z.parse(server.publishVersionBody, publish)).toEqual(publish);
  });

  it("batches blob downloads, missing-checks and uploads within the server's request limits", async () => {
    const many = blobs(1300, 1);
    const download = recordingClient(({ body }) => ({
      blobs: many.filter((b) => (body as { sha256: string[] }).sha256.includes(b.sha256)).map((b) => ({ sha256: b.sha256, content_base64: b.bytes.toString("base64") })),
    }));
    await downloadBlobs(download.client, many.map((b) => ({ sha256: b.sha256, size: b.bytes.length })), () => {});
    const missing = recordingClient(() => ({ missing: [] }));
    await missingBlobs(missing.client, many.map((b) => b.sha256));
    // Small files go together in POST /blobs/upload; files just under the PUT threshold fill a body to its byte limit.
    const upload = recordingClient(({ method, path, body }) => ({
      stored: method === "PUT" ? [path.split("/").pop()] : (body as { blobs: { sha256: string }[] }).blobs.map((b) => b.sha256),
    }));
    await uploadBlobs(upload.client, [...blobs(600, 1), ...blobs(12, 500 * 1024), ...blobs(1, 600 * 1024)]);

    const schemaOf: Record<string, z.ZodMiniType> = {
      "POST /blobs": server.blobsRequest,
      "POST /blobs/missing": server.missingBlobsRequest,
      "POST /blobs/upload": server.uploadBlobsRequest,
    };
    const sent = [...download.sent, ...missing.sent, ...upload.sent];
    expect(new Set(sent.map((s) => `${s.method} ${s.path.replace(/[0-9a-f]{64}$/, ":sha256")}`))).toEqual(
      new Set([...Object.keys(schemaOf), "PUT /blobs/:sha256"]),
    );
    for (const { method, path, body } of sent) {
      if (method === "PUT") {
        expect(path).toBe(`/blobs/${cliDigest.sha256Hex(body as Buffer)}`);
        continue;
      }
      expect(z.parse(schemaOf[`${method} ${path}`]!, body), `${method} ${path}`).toEqual(body);
      if (path === "/blobs/upload") expect(JSON.stringify(body).length).toBeLessThanOrEqual(server.BLOB_UPLOAD_MAX_BODY_BYTES);
    }
  });

  it("offers exactly the server's roles as the invite command's --role choices", () => {
    const role = inviteCommand.options.find((o) => o.long === "--role");
    expect(role?.argChoices).toEqual([...server.MEMBER_ROLES]);
    expect(role?.defaultValue).toBe(server.inviteBody.shape.role.def.defaultValue);
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
});
