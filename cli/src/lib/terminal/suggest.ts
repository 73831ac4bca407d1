/**
 * "Did you mean …?" for a slug that does not exist:
 * the closest known name by edit distance (fastest-levenshtein), if it is
 * close enough to be a typo rather than a different word.
 */
import { closest, distance } from "fastest-levenshtein";

/** The candidate closest to `name`, or undefined when none is within a third of its length (at least 2 edits). */
export function closestMatch(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, [...candidates]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
