/**
 * Reads the access-control matrix (supabase/tests/rls-matrix.md): the
 * Markdown table under a `## <section>` heading, one row per case, one
 * column per actor, so the tests are generated from the document people read.
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

export const MATRIX_FILE = join(import.meta.dirname, "../rls-matrix.md");

/**
 * The rows of the table under `## <section>…`.
 * @throws when the section or its header is missing or a row has the wrong number of cells.
 */
export function matrixSection(section: "SQL" | "HTTP", file = MATRIX_FILE): MatrixRow[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith(`## ${section}`));
  if (start < 0) throw new Error(`${file}: no "## ${section}" section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const table = lines.slice(start, end < 0 ? undefined : end).filter((l) => l.startsWith("|"));
  const cells = (line: string) => line.slice(1, line.lastIndexOf("|")).split("|").map((c) => c.trim());
  const header = cells(table[0] ?? "");
  if (header.slice(2).join(",") !== ACTORS.join(",")) throw new Error(`${file} ${section}: actor columns must be ${ACTORS.join(", ")}`);
  return table.slice(2).map((line) => {
    const row = cells(line);
    if (row.length !== header.length) throw new Error(`${file} ${section}: wrong number of cells in ${line}`);
    return {
      id: row[0]!,
      what: row[1]!,
      expected: Object.fromEntries(ACTORS.map((a, i) => [a, row[i + 2]!])) as Record<ActorName, string>,
    };
  });
}
