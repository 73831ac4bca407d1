/** POST /sync: the one call a warm `skills sync` makes, which loads the sync schemas while the server answers. */
import type { ApiClient } from "../client.ts";
import type { SyncRequest } from "../../../../../supabase/functions/_shared/wire/sync-request.ts";

/**
 * POST /sync: resolve declared skills to versions, digests and manifests (no bytes). The response
 * schema, and zod with it, is imported as the request goes out and loads while the server answers.
 */
export async function syncSkills(client: ApiClient, body: SyncRequest) {
  const schema = import("../../../../../supabase/functions/_shared/wire/sync.ts").then((wire) => wire.syncResponse);
  return client.request("POST", "/sync", schema, { body });
}
