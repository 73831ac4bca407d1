/**
 * Reads the access-control matrix (supabase/tests/rls-matrix.md): the
 * Markdown table under a `## <section>` heading, one row per case, one
 * column per actor (or per database role), so the tests are generated from
 * the document people read.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ACTORS, type ActorName } from "./world.ts";

/** One row: the case id, what it describes, and the expected outcome per actor. */
export interface MatrixRow {
  id: string;
  what: string;
  expected: Record<ActorName, string>;
}

/** The database roles the Data API acts as, the columns of the Privileges section. */
export const API_ROLES = ["anon", "authenticated", "service_role"] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** One row of the Privileges section: a catalog object and what each role holds on it. */
export interface PrivilegeRow {
  object: string;
  expected: Record<ApiRole, string>;
}

export const MATRIX_FILE = join(import.meta.dirname, "../rls-matrix.md");

/**
 * The cells of the table under `## <section>…`, header row first.
 * @throws when the section is missing or a row has the wrong number of cells.
 */
function sectionTable(section: string, file: string): string[][] {
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith(`## ${section}`));
  if (start < 0) throw new Error(`${file}: no "## ${section}" section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const table = lines.slice(start, end < 0 ? undefined : end).filter((l) => l.startsWith("|"));
  const cells = (line: string) => line.slice(1, line.lastIndexOf("|")).split("|").map((c) => c.trim());
  const header = cells(table[0] ?? "");
  const rows = table.slice(2).map(cells);
  const bad = rows.find((row) => row.length !== header.length);
  if (bad) throw new Error(`${file} ${section}: wrong number of cells in | ${bad.join(" | ")} |`);
  return [header, ...rows];
}

/**
 * The rows of the SQL or HTTP section.
 * @throws when the section or its actor columns are missing or a row has the wrong number of cells.
 */
export function matrixSection(section: "SQL" | "HTTP", file = MATRIX_FILE): MatrixRow[] {
  const [header = [], ...rows] = sectionTable(section, file);
  if (header.slice(2).join(",") !== ACTORS.join(",")) throw new Error(`${file} ${section}: actor columns must be ${ACTORS.join(", ")}`);
  return rows.map((row) => ({
    id: row[0]!,
    what: row[1]!,
    expected: Object.fromEntries(ACTORS.map((a, i) => [a, row[i + 2]!])) as Record<ActorName, string>,
  }));
}

/**
 * The rows of the Privileges section.
 * @throws when the section or its role columns are missing, a row has the wrong number of cells, or an object appears twice.
 */
export function privilegeSection(file = MATRIX_FILE): PrivilegeRow[] {
  const [header = [], ...rows] = sectionTable("Privileges", file);
  if (header.slice(1).join(",") !== API_ROLES.join(",")) throw new Error(`${file} Privileges: role columns must be ${API_ROLES.join(", ")}`);
  const seen = new Set<string>();
  return rows.map((row) => {
    const object = row[0]!;
    if (seen.has(object)) throw new Error(`${file} Privileges: ${object} appears twice`);
    seen.add(object);
    return { object, expected: Object.fromEntries(API_ROLES.map((r, i) => [r, row[i + 1]!])) as Record<ApiRole, string> };
  });
}
