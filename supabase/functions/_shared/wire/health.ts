/** Wire shape of GET /api/health (a 503 answers the usual error body). */
import * as z from "zod/mini";

/** GET /api/health response once the database answers. */
export const healthResponse = z.object({ status: z.literal("ok") });
