/**
 * `resources/read` of a skill file: the stored bytes, exactly those a sync
 * installs, as text when they are UTF-8 (a byte-order mark kept, so the
 * text encodes back to the same bytes) and as base64 otherwise.
 */
import { Buffer } from "node:buffer";
import { withUser } from "../../_shared/db.ts";
import { catalogFileBytes } from "../../_shared/domain/skill-catalog.ts";
import type { SkillsContext } from "./context.ts";
import { mimeTypeOf } from "./mime.ts";
import { cacheHints, LATEST_TTL_MS, noResource, paramsOf, PINNED_TTL_MS, uriParams } from "./protocol.ts";
import { parseSkillUri, skillPathUri } from "./uri.ts";

/** A file's bytes as text, when they are UTF-8 without NUL; null otherwise. */
export function textOf(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Answers `resources/read`.
 * @throws JsonRpcError -32602 for any URI that is not a file the caller can read (directories included).
 */
export async function readResource(params: unknown, { claims }: SkillsContext) {
  const { uri } = paramsOf(uriParams, params);
  const location = parseSkillUri(uri);
  if (location === null || location.path === "") throw noResource(uri);
  const { skill, path } = location;
  const bytes = await withUser(claims, (tx) => catalogFileBytes(tx, skill.registry, skill.slug, skill.version, path));
  if (bytes === null) throw noResource(uri);
  const text = textOf(bytes);
  const content = { uri: skillPathUri(skill, path), mimeType: mimeTypeOf(path) };
  return {
    resultType: "complete" as const,
    contents: [text === null ? { ...content, blob: Buffer.from(bytes).toString("base64") } : { ...content, text }],
    ...cacheHints(skill.version === null ? LATEST_TTL_MS : PINNED_TTL_MS),
  };
}
