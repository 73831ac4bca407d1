/**
 * How the CLI words a schema problem in a `.skills.yaml`, a `.skills.lock` or
 * an API answer: the first valibot issue, as the keys of its path and a message.
 */
import type * as v from "valibot";

/** A problem found by a schema: `path` lists the keys down to the bad value (array indexes as numbers), empty for the whole input. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first of a failed parse's issues (parse with `abortEarly` when only it is shown).
 * The schema's own message, except for a missing key, which valibot words
 * `Invalid key: Expected "name" but received undefined`: that one reads "missing (required)".
 */
export function firstProblem(issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): SchemaProblem {
  const issue = issues[0];
  const items = issue.path ?? [];
  const last = items.at(-1);
  const missing = last !== undefined && "origin" in last && last.origin === "key" && issue.input === undefined;
  return { path: items.map((item) => item.key as string | number), message: missing ? "missing (required)" : issue.message };
}
