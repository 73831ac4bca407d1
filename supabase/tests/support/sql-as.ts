/**
 * Runs SQL as a given actor, the way the functions do
 * (`functions/_shared/db.ts`): one transaction with the JWT claims set and
 * the role switched, rolled back afterwards so tests leave nothing behind.
 */
import type postgres from "postgres";

/** Who is asking: a signed-in user, or nobody (`anon`). */
export type Actor = { id: string; email: string } | "anon";

class Rollback extends Error {}

/**
 * @param setup runs first, as the connecting superuser, in the same transaction (rolled back too).
 * @returns what `fn` returned, or the database error it threw.
 */
export async function asActor<T>(
  sql: postgres.Sql,
  actor: Actor,
  fn: (tx: postgres.TransactionSql) => Promise<T>,
  setup?: (tx: postgres.TransactionSql) => Promise<unknown>,
): Promise<T | Error> {
  let result: T | Error | undefined;
  try {
    await sql.begin(async (tx) => {
      await setup?.(tx);
      const claims = actor === "anon" ? { role: "anon" } : { sub: actor.id, email: actor.email, role: "authenticated", aud: "authenticated" };
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      await tx.unsafe(`set local role ${actor === "anon" ? "anon" : "authenticated"}`);
      try {
        result = await fn(tx);
      } catch (error) {
        result = error as Error;
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T | Error;
}
