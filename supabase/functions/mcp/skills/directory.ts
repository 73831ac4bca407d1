/**
 * `resources/directory/read`: the direct children of a directory. Inside a
 * skill (its root or a folder in it) they are files with their metadata and
 * subfolders as `inode/directory` resources; a skill holds at most 512
 * files, so one answer holds the whole directory and no cursor is issued
 * there (or accepted). A registry's directory, `skill://<registry>`, holds
 * its skills' root directories, paged as `skills/list` is.
 */
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { withUser } from "../../_shared/db.ts";
import { catalogSkill, registryReadable, type CatalogSkill } from "../../_shared/domain/skill-catalog.ts";
import type { SkillsContext } from "./context.ts";
import { addressOf, conformingFrontmatter, directoryResource, fileResource, type ResourceInfo } from "./entries.ts";
import { catalogListingPage } from "./listing.ts";
import { badCursor, JsonRpcError, noDirectory, paramsOf, uriParams } from "./protocol.ts";
import { parseRegistryUri, parseSkillUri, type SkillAddress } from "./uri.ts";

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

/** A registry directory's page: each skill's root, described by its frontmatter when it conforms. */
async function readRegistryDirectory(uri: string, registry: string, cursor: string | undefined, context: SkillsContext) {
  const { page, nextCursor } = await catalogListingPage(DIRECTORY_READ, cursor, context, registry);
  // An empty first page is a registry without skills, or one the caller cannot see: only the latter is an error.
  if (page.length === 0 && cursor === undefined && !(await withUser(context.claims, (tx) => registryReadable(tx, registry)))) {
    throw noDirectory(uri);
  }
  const resources = page.map((skill) => {
    const description = conformingFrontmatter(skill)?.description;
    return { ...directoryResource(addressOf(skill, false), ""), ...(description === undefined ? {} : { description }) };
  });
  return { resultType: "complete" as const, resources, ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * Answers `resources/directory/read`.
 * @throws JsonRpcError -32602 for a URI that is not a directory the caller can read, a file's URI,
 *   or a cursor this server did not issue for that directory and caller.
 */
export async function readDirectory(params: unknown, context: SkillsContext) {
  const { uri, cursor } = paramsOf(uriParams, params);
  const registry = parseRegistryUri(uri);
  if (registry !== null) return readRegistryDirectory(uri, registry, cursor, context);
  if (cursor !== undefined) throw badCursor();
  const location = parseSkillUri(uri);
  if (location === null) throw noDirectory(uri);
  const { claims } = context;
  const { skill: address, path } = location;
  const skill = await withUser(claims, (tx) => catalogSkill(tx, address.registry, address.slug, address.version));
  if (skill === null) throw noDirectory(uri);
  if (skill.files.some((file) => file.path === path)) throw new JsonRpcError(ErrorCode.InvalidParams, `${uri} is not a directory resource`);
  const resources = directoryChildren(skill, address, path);
  if (resources === null) throw noDirectory(uri);
  return { resultType: "complete" as const, resources };
}
