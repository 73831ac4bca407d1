/** GET /api/health: 200 once the database answers, 503 before. */
import { Hono } from "hono";
import { db } from "../../_shared/db.ts";
import type { AppEnv } from "../lib/http.ts";

export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  try {
    await db().begin((tx) => tx`select 1`);
    return c.json({ status: "ok" });
  } catch {
    return c.json({ error: { code: "UNAVAILABLE", message: "Database not ready" } }, 503);
  }
});
