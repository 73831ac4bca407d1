/**
 * `.skills.yaml` as text: parse and validate it, write a new one,
 * and edit one through the YAML document so comments survive. Pure: text in,
 * validated config or text out.
 */
import semver from "semver";
import { isMap, isSeq, LineCounter, parseDocument, stringify, type Document, YAMLSeq } from "yaml";
import { CliError } from "../errors.ts";
import type { Target } from "../targets/targets.ts";
import { PROJECT_CONFIG_FILE, invalid, normalizeInstallPath, type DeclaredSkill, type ProjectConfig, type Source } from "./config.ts";
import { declaredSkill, projectConfigSchema, source } from "./config-schema.ts";
import { firstProblem, parseSchema, type SchemaProblem } from "../terminal/schema-issue.ts";
import { closestMatch } from "../terminal/suggest.ts";

/**
 * Parses and validates a `.skills.yaml`: shape, unique source names, known
 * sources, unique skill slugs, valid semver constraints, a safe install path.
 * @param file name shown in errors.
 * @throws CliError CONFIG_INVALID with the first problem and where it is.
 */
export function parseProjectConfig(text: string, file = PROJECT_CONFIG_FILE): ProjectConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw invalid(file, `not valid YAML: ${doc.errors[0]!.message}`);
  return validate(doc.toJS() ?? {}, file, (path) => lineOf(doc, lineCounter, path));
}

/** The 1-based line of the node at `path`, or of its nearest existing ancestor. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function validate(data: unknown, file: string, lineAt?: (path: readonly PropertyKey[]) => number | undefined): ProjectConfig {
  const parsed = parseSchema(projectConfigSchema, data);
  if (!parsed.success) {
    // A misspelt key comes first: it also explains the "missing" key it was meant to be.
    const unknown = parsed.error.issues.find((issue) => issue.code === "unrecognized_keys");
    const { path, message } = unknown ? unknownKeyProblem(unknown.path as (string | number)[], unknown.keys) : firstProblem(parsed.error);
    const where = path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${p}`)).join("");
    const line = lineAt?.(unknown ? [...path, unknown.keys[0]!] : path);
    throw invalid(line ? `${file}:${line}` : file, `${where ? `${where}: ` : ""}${message}`);
  }
  const config = parsed.data;
  const at = (path: (string | number)[]) => {
    const line = lineAt?.(path);
    return line ? `${file}:${line}` : file;
  };
  config.install_path = normalizeInstallPath(config.install_path, file);
  const names = new Set<string>();
  for (const [i, s] of config.sources.entries()) {
    if (names.has(s.name)) throw invalid(at(["sources", i]), `sources[${i}]: duplicate source name "${s.name}".`);
    names.add(s.name);
  }
  const slugs = new Set<string>();
  for (const [i, skill] of config.skills.entries()) {
    if (!names.has(skill.source)) {
      throw invalid(at(["skills", i, "source"]), `skills[${i}] (${skill.slug}): unknown source "${skill.source}" (sources: ${[...names].join(", ")}).`);
    }
    if (slugs.has(skill.slug)) throw invalid(at(["skills", i]), `skills[${i}]: "${skill.slug}" is declared twice.`);
    slugs.add(skill.slug);
    if (skill.version !== undefined && semver.validRange(skill.version) === null) {
      throw invalid(at(["skills", i, "version"]), `skills[${i}] (${skill.slug}): invalid version constraint "${skill.version}".`);
    }
  }
  return config;
}

/** The keys `.skills.yaml` knows at the top, in a source and in a skill entry. */
const KNOWN_KEYS = {
  top: Object.keys(projectConfigSchema.def.shape),
  sources: Object.keys(source.def.shape),
  skills: Object.keys(declaredSkill.def.shape),
};

/** The problem of an unknown key at `at` (its object's path): the key and the nearest known one, else the known ones. */
function unknownKeyProblem(at: (string | number)[], keys: readonly string[]): SchemaProblem {
  const key = keys[0]!;
  const known = at.length === 0 ? KNOWN_KEYS.top : at[0] === "sources" ? KNOWN_KEYS.sources : KNOWN_KEYS.skills;
  const near = closestMatch(key, known);
  const hint = near ? `did you mean "${near}"?` : `known keys: ${known.join(", ")}`;
  return { path: at, message: `unknown key ${JSON.stringify(key)} (${hint}).` };
}

/** A new `.skills.yaml` with a header comment, keys in a fixed order and an empty list written as `[]`. */
export function serializeProjectConfig(
  config: Omit<ProjectConfig, "targets" | "link"> & Partial<Pick<ProjectConfig, "targets" | "link">>,
): string {
  return (
    "# .skills.yaml — the skills this repository uses. Commit it; edit it with `skills add` / `skills remove`.\n" +
    stringify(
      {
        sources: config.sources,
        install_path: config.install_path,
        // Defaults stay out of the file.
        ...(config.targets?.length ? { targets: config.targets } : {}),
        ...(config.link ? { link: true } : {}),
        skills: config.skills,
      },
      { lineWidth: 0 },
    )
  );
}

/**
 * Adds sources and adds or updates skill declarations in `.skills.yaml` text,
 * keeping its comments and layout. A declared slug gets the new source and
 * constraint (no constraint removes the old one).
 * @returns the new text, validated.
 * @throws CliError CONFIG_INVALID if the result is invalid.
 */
export function withSkillsDeclared(
  text: string,
  change: { sources?: readonly Source[]; skills: readonly DeclaredSkill[] },
  file = PROJECT_CONFIG_FILE,
): string {
  const doc = parseDocument(text);
  for (const s of change.sources ?? []) blockSeq(doc, "sources").add(doc.createNode(omitUndefined(s)));
  const skills = blockSeq(doc, "skills");
  for (const skill of change.skills) {
    const node = doc.createNode(omitUndefined(skill));
    const index = skills.items.findIndex((item) => isMap(item) && item.get("slug") === skill.slug);
    if (index === -1) skills.add(node);
    else skills.set(index, node);
  }
  const out = doc.toString({ lineWidth: 0 });
  validate(parseDocument(out).toJS(), file);
  return out;
}

/**
 * Removes the declarations of `slugs` from `.skills.yaml` text, keeping comments.
 * @returns the new text.
 */
export function withSkillsRemoved(text: string, slugs: readonly string[]): string {
  const doc = parseDocument(text);
  const skills = doc.get("skills");
  if (isSeq(skills)) {
    skills.items = skills.items.filter((item) => !(isMap(item) && slugs.includes(String(item.get("slug")))));
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * What `skills init` changes in an existing `.skills.yaml`: only the options
 * given; everything else, every declared skill and every comment, stays.
 */
export interface ProjectOptions {
  /** A registry to use: a source with it is kept (its `url` changed to `url` when given); otherwise it becomes a new first source. */
  registry?: string | undefined;
  /** The API URL of `registry`'s source, or without `registry` of the first source. */
  url?: string | undefined;
  /** The URL a source without `url` uses (to compare with `url`) and a new source gets without `url`. */
  defaultUrl: string;
  install_path?: string | undefined;
  targets?: readonly Target[] | undefined;
  /** Only `true` is an option (`--link`); absent leaves `link` as it is. */
  link?: boolean | undefined;
}

/**
 * Applies `skills init`'s options to `.skills.yaml` text, keeping its comments and declarations.
 * @returns the new text (validated) and one phrase per change, e.g. `install_path .skills → tools/skills`;
 *   no changes and the same text when every option already holds.
 * @throws CliError CONFIG_INVALID if the text is invalid; CONFLICT when the new source's name is taken.
 */
export function withProjectOptions(text: string, options: ProjectOptions, file = PROJECT_CONFIG_FILE): { text: string; changes: string[] } {
  const config = parseProjectConfig(text, file);
  const doc = parseDocument(text);
  const changes: string[] = [];
  const urlOf = (s: Source) => s.url ?? options.defaultUrl;
  if (options.registry !== undefined) {
    const index = config.sources.findIndex((s) => s.registry === options.registry);
    if (index === -1) {
      const taken = config.sources.find((s) => s.name === options.registry);
      if (taken) {
        throw new CliError(
          "CONFLICT",
          `${file}: source "${taken.name}" is registry ${taken.registry}, so registry ${options.registry} cannot be added under that name; add it to sources by hand. Nothing was changed.`,
        );
      }
      const url = options.url ?? options.defaultUrl;
      blockSeq(doc, "sources").items.unshift(doc.createNode({ name: options.registry, registry: options.registry, url }));
      changes.push(`added source "${options.registry}" (registry ${options.registry} at ${url}) first`);
    } else if (options.url !== undefined && urlOf(config.sources[index]!) !== options.url) {
      changes.push(setSourceUrl(doc, index, config.sources[index]!, options.url, urlOf));
    }
  } else if (options.url !== undefined && urlOf(config.sources[0]!) !== options.url) {
    changes.push(setSourceUrl(doc, 0, config.sources[0]!, options.url, urlOf));
  }
  if (options.install_path !== undefined && options.install_path !== config.install_path) {
    doc.set("install_path", options.install_path);
    changes.push(`install_path ${config.install_path} → ${options.install_path}`);
  }
  if (options.targets !== undefined) {
    const next = [...new Set(options.targets)];
    const same = next.length === config.targets.length && next.every((t) => config.targets.includes(t));
    if (!same) {
      if (next.length === 0) doc.delete("targets");
      else {
        const flow = isSeq(doc.get("targets")) && (doc.get("targets") as YAMLSeq).flow === true;
        doc.set("targets", doc.createNode(next, { flow }));
      }
      changes.push(`targets ${config.targets.join(", ") || "none"} → ${next.join(", ") || "none"}`);
    }
  }
  if (options.link === true && !config.link) {
    doc.set("link", true);
    changes.push("link false → true");
  }
  if (changes.length === 0) return { text, changes };
  const out = doc.toString({ lineWidth: 0 });
  validate(parseDocument(out).toJS(), file);
  return { text: out, changes };
}

/** Sets the `url` of the source at `index` and words the change. */
function setSourceUrl(doc: Document, index: number, source: Source, url: string, urlOf: (s: Source) => string): string {
  doc.setIn(["sources", index, "url"], url);
  return `source "${source.name}" url ${urlOf(source)} → ${url}`;
}

/** The sequence at `key`, created if missing, in block style so added entries are one per line. */
function blockSeq(doc: Document, key: string): YAMLSeq {
  let seq = doc.get(key);
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    doc.set(key, seq);
  }
  const node = seq as YAMLSeq;
  node.flow = false;
  return node;
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
