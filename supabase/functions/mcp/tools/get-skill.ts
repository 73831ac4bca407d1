/**
 * `get_skill`: a skill's SKILL.md and the list of every file of
 * its folder; with `file`, one of those other files instead (skills are
 * folders: references/, scripts/, assets/). A file too big to be worth a
 * model's context is named with its `skill://` URI instead of inlined.
 */
import { z } from "zod";
import type { ContentBlock } from "@modelcontextprotocol/sdk/types.js";
import { withUser } from "../../_shared/db.ts";
import { MAX_READ_BYTES } from "../../_shared/domain/files.ts";
import { readSkillFile } from "../../_shared/domain/skills.ts";
import { mimeTypeOf } from "../skills/mime.ts";
import { skillPathUri } from "../skills/uri.ts";
import { orNull, registryArg, skillArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/**
 * Largest binary file inlined as base64 (bytes). Base64 of a larger image,
 * font or archive costs a model many tokens and tells it nothing; it gets the
 * file's URI to hand to a client that reads resources.
 */
export const MAX_INLINE_BINARY_BYTES = 64 * 1024;

/**
 * A `file` argument as SKILL.md links name files: `./reference/x.md`,
 * `reference/./x.md` and `/reference/x.md` all mean `reference/x.md`.
 * Only `.` and empty segments go; `..` stays, and so matches no file.
 */
export function skillFilePath(file: string): string {
  return file.split("/").filter((segment) => segment !== "" && segment !== ".").join("/");
}

/** The `get_skill` tool: read-only; NOT_FOUND for a skill, version or file the caller cannot see. */
export const getSkillTool = defineTool({
  name: "get_skill",
  title: "Get a skill",
  description:
    "Read a skill: returns its SKILL.md (the instructions to follow) and the list of every file in the skill's " +
    "folder. SKILL.md often points to other files (references/…, scripts/…); read one by calling get_skill again " +
    "with `file` set to its path, as SKILL.md writes it (e.g. './reference/forms.md'). Defaults to the latest " +
    `version. Text files up to ${MAX_READ_BYTES / 1024} KiB and binary files up to ${MAX_INLINE_BINARY_BYTES / 1024} KiB ` +
    "come inline; a larger one is described (size, sha256, MIME type) with its `uri`, which resources/read returns.",
  input: {
    registry: registryArg,
    slug: skillArg,
    version: z.string().max(100).optional().describe("A published version such as '1.2.0'; defaults to the latest"),
    file: z.string().min(1).max(512).optional()
      .describe("Path of a file in the skill's folder to read instead of SKILL.md, e.g. 'references/forms.md' or './references/forms.md'"),
  },
  output: {
    registry: z.string(),
    slug: z.string(),
    name: z.string(),
    description: orNull(z.string(), "What the skill does and when to use it; null if none"),
    version: z.string(),
    path: z.string().describe("The file returned, relative to the skill's folder"),
    size: z.number().int().describe("Its size in bytes"),
    sha256: z.string().describe("sha256 of its bytes, hex"),
    mime_type: z.string(),
    uri: z.string().describe("Its skill:// URI at this version: resources/read returns its bytes"),
    encoding: z.enum(["utf-8", "base64"]).optional().describe("How `content` holds the bytes: base64 for binary files"),
    content: z.string().optional()
      .describe(`The file; absent for a binary file over ${MAX_INLINE_BINARY_BYTES / 1024} KiB or any file over ${MAX_READ_BYTES / 1024} KiB (read \`uri\` instead)`),
    files: z.array(z.object({ path: z.string(), size: z.number().int(), executable: z.boolean() }))
      .describe("Every file of the folder (sizes in bytes)"),
  },
  annotations: READ_ONLY,
  run: async ({ registry, slug, version, file }, { claims }) => {
    const path = file === undefined ? "SKILL.md" : skillFilePath(file);
    const read = await withUser(claims, (tx) => readSkillFile(tx, registry, slug, version ?? null, path));
    const address = { registry: read.registry.slug, slug: read.skill.slug, version: read.detail.version };
    const inline = read.file.encoding === "utf-8" || (read.file.encoding === "base64" && read.entry.size <= MAX_INLINE_BINARY_BYTES);
    return {
      registry: address.registry,
      slug: address.slug,
      name: read.skill.name,
      description: read.skill.description,
      version: address.version,
      path,
      size: read.entry.size,
      sha256: read.entry.sha256,
      mime_type: mimeTypeOf(path),
      uri: skillPathUri(address, path),
      ...(inline && read.file.encoding !== null ? { encoding: read.file.encoding, content: read.file.content } : {}),
      files: read.detail.files.map(({ path, size, executable }) => ({ path, size, executable })),
    };
  },
  summarize: (result): ContentBlock[] => {
    const head = `${result.registry}/${result.slug}@${result.version}: ${result.path} (${result.size} bytes)`;
    const others = result.files.filter((f) => f.path !== result.path).map((f) => f.path);
    const listing = result.path === "SKILL.md" && others.length > 0
      ? `\n\nOther files of the skill (read one with get_skill and \`file\`): ${others.join(", ")}`
      : "";
    if (result.encoding === "utf-8") return [{ type: "text", text: `${head}${listing}\n\n${result.content}` }];
    const link: ContentBlock = { type: "resource_link", uri: result.uri, name: result.path, mimeType: result.mime_type, size: result.size };
    if (result.content === undefined) {
      const text = `${head}, ${result.mime_type}, sha256 ${result.sha256}: not inlined; read it from ${result.uri} (resources/read).${listing}`;
      return [{ type: "text", text }, link];
    }
    const text = `${head}, ${result.mime_type}, binary: base64 in the structured result's \`content\`, or read ${result.uri}.${listing}`;
    // An image a client can show goes as one; other bytes are only in the structured result.
    return result.mime_type.startsWith("image/")
      ? [{ type: "text", text }, { type: "image", data: result.content, mimeType: result.mime_type }]
      : [{ type: "text", text }, link];
  },
});
