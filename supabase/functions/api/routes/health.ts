/** GET /api/health: 200 once the database answers, 503 before. */
import { Hono } from "hono";
import { databaseAnswers } from "../../_shared/db.ts";
import type { AppEnv } from "../lib/http.ts";

export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  if (await databaseAnswers()) return c.json({ status: "ok" });
  return c.json({ error: { code: "UNAVAILABLE", message: "Database not ready" } }, 503);
});
