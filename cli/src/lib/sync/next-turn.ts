/**
 * One turn of the event loop: pending I/O (a connection completing, a request
 * being written, an answer arriving) is handled before the caller goes on.
 * `setImmediate` directly: `node:timers/promises` would cost a module load on
 * the warm sync path.
 */

/** Resolves after the event loop's next check phase. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
