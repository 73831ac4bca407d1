/**
 * `resources/directory/read`: the direct children of a skill's root or of
 * a directory inside it, files with their metadata and subdirectories as
 * `inode/directory` resources. A skill holds at most 512 files, so one
 * answer holds a whole directory and no cursor is ever issued (or accepted).
 */
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { withUser } from "../../_shared/db.ts";
import { catalogSkill, type CatalogSkill } from "../../_shared/domain/skill-catalog.ts";
import type { SkillsContext } from "./context.ts";
import { conformingFrontmatter, directoryResource, fileResource, type ResourceInfo } from "./entries.ts";
import { badCursor, JsonRpcError, noDirectory, paramsOf, uriParams } from "./protocol.ts";
import { parseSkillUri, type SkillAddress } from "./uri.ts";

/** The method's name. */
export const DIRECTORY_READ = "resources/directory/read";

/**
 * The children of directory `path` ("" for the root) of a skill version, by name (bytewise).
 * @returns null when no file lies under `path`.
 */
export function directoryChildren(skill: CatalogSkill, address: SkillAddress, path: string): ResourceInfo[] | null {
  const prefix = path === "" ? "" : `${path}/`;
  const frontmatter = path === "" ? conformingFrontmatter(skill) : null;
  const files: ResourceInfo[] = [];
  const directories = new Set<string>();
  for (const file of skill.files) {
    if (!file.path.startsWith(prefix)) continue;
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) files.push(fileResource(address, file, frontmatter, rest));
    else directories.add(prefix + rest.slice(0, slash));
  }
  if (files.length === 0 && directories.size === 0) return null;
  const children = [...files, ...[...directories].map((dir) => directoryResource(address, dir))];
  return children.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

/**
 * Answers `resources/directory/read`.
 * @throws JsonRpcError -32602 for a URI that is not a directory the caller can read, a file's URI, or any cursor.
 */
export async function readDirectory(params: unknown, { claims }: SkillsContext) {
  const { uri, cursor } = paramsOf(uriParams, params);
  if (cursor !== undefined) throw badCursor();
  const location = parseSkillUri(uri);
  if (location === null) throw noDirectory(uri);
  const { skill: address, path } = location;
  const skill = await withUser(claims, (tx) => catalogSkill(tx, address.registry, address.slug, address.version));
  if (skill === null) throw noDirectory(uri);
  if (skill.files.some((file) => file.path === path)) throw new JsonRpcError(ErrorCode.InvalidParams, `${uri} is not a directory resource`);
  const resources = directoryChildren(skill, address, path);
  if (resources === null) throw noDirectory(uri);
  return { resultType: "complete" as const, resources };
}
