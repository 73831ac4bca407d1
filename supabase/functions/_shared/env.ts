/**
 * Environment access that works under Deno (Edge Functions) and Node (tests),
 * so the same modules run in both.
 */
type EnvSource = { get(name: string): string | undefined };

const source: EnvSource = (() => {
  const g = globalThis as { Deno?: { env: EnvSource }; process?: { env: Record<string, string | undefined> } };
  if (g.Deno) return g.Deno.env;
  return { get: (name: string) => g.process?.env[name] };
})();

/** The variable's value, or undefined when unset or empty. */
export function env(name: string): string | undefined {
  const value = source.get(name);
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The variable's value.
 * @throws Error naming the variable when it is missing (a deployment mistake, not a client one).
 */
export function requireEnv(name: string): string {
  const value = env(name);
  if (value === undefined) throw new Error(`missing environment variable ${name}`);
  return value;
}

/** A positive integer setting with a default (e.g. size limits in bytes). */
export function intEnv(name: string, fallback: number): number {
  const value = Number(env(name));
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
