/**
 * The folder a create or publish body names: `content` alone is a folder of
 * one file, SKILL.md (what a client that knows only SKILL.md sends); `files`
 * is the whole folder; both are accepted only when they agree on SKILL.md, so
 * a body can never mean two different versions. Pure.
 */
import { Buffer } from "node:buffer";
import { sha256Hex } from "../digest.ts";
import { ApiError } from "../errors.ts";
import type { PublishedFile } from "../wire/index.ts";
import { base64Size, skillMdFile } from "./folder.ts";

/**
 * The files to publish for a body's `content` and/or `files`.
 * @throws ApiError VALIDATION_ERROR when neither is given, when `files` has
 *   no SKILL.md to compare `content` with, when that SKILL.md differs from
 *   `content` (its inline bytes, or the sha256 it is named by), or when its
 *   inline bytes are not base64.
 */
export function sentFolder(body: { content?: string; files?: readonly PublishedFile[] }): readonly PublishedFile[] {
  const { content, files } = body;
  if (files === undefined) {
    if (content === undefined) throw new ApiError("VALIDATION_ERROR", "Give content (the SKILL.md text) or files (every file of the skill folder)");
    return [skillMdFile(content)];
  }
  if (content === undefined) return files;
  const skillMd = files.find((file) => file.path === "SKILL.md");
  if (!skillMd) {
    throw new ApiError("VALIDATION_ERROR", "content is SKILL.md, but files has no SKILL.md: send content alone, or files with SKILL.md in it");
  }
  const bytes = Buffer.from(content, "utf8");
  const same = "content_base64" in skillMd
    ? base64Size(skillMd.path, skillMd.content_base64) === bytes.length && Buffer.from(skillMd.content_base64, "base64").equals(bytes)
    : skillMd.sha256 === sha256Hex(bytes);
  if (!same) {
    throw new ApiError("VALIDATION_ERROR", "content differs from the SKILL.md in files: send one of them, or the same SKILL.md in both");
  }
  return files;
}
