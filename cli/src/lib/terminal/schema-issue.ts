/**
 * How the CLI checks a `.skills.yaml`, a `.skills.lock`, a command-line value
 * or an API answer against its zod/mini schema, and words the first problem:
 * the keys of its path and a message.
 */
import * as z from "zod/mini";

// A CLI run parses each schema about once: compiling zod's fast path for an
// object schema (new Function) costs more than that one parse saves.
z.config({ jitless: true });

/** A problem found by a schema: `path` lists the keys down to the bad value (array indexes as numbers), empty for the whole input. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

/** zod words a missing key `Invalid input: expected string, received undefined`; the CLI says what to do about it. */
function missingKey(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === "invalid_type" && issue.input === undefined ? "missing (required)" : undefined;
}

/**
 * `z.safeParse` with the CLI's wording: the schema's own messages, zod's English
 * ones otherwise, and "missing (required)" for a missing key.
 */
export function parseSchema<S extends z.ZodMiniType>(schema: S, data: unknown): z.core.util.SafeParseResult<z.output<S>> {
  return z.safeParse(schema, data, { error: missingKey });
}

/** The first problem of a failed `parseSchema`. */
export function firstProblem(error: z.core.$ZodError): SchemaProblem {
  const issue = error.issues[0]!;
  return { path: issue.path.map((key) => (typeof key === "symbol" ? String(key) : key)), message: issue.message };
}
