/**
 * `.skills.yaml` as text: parse and validate it, write a new one,
 * and edit one through the YAML document so comments survive. Pure: text in,
 * validated config or text out.
 */
import semver from "semver";
import { isMap, isSeq, LineCounter, parseDocument, stringify, type Document, YAMLSeq } from "yaml";
import { PROJECT_CONFIG_FILE, invalid, normalizeInstallPath, type DeclaredSkill, type ProjectConfig, type Source } from "./config.ts";
import { projectConfigSchema } from "./config-schema.ts";
import { firstProblem, parseSchema } from "../terminal/schema-issue.ts";

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
    const { path, message } = firstProblem(parsed.error);
    const where = path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${p}`)).join("");
    const line = lineAt?.(path);
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
