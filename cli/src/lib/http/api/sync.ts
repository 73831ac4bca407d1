/** POST /sync: the one call a warm `skills sync` makes, so this module loads the sync schemas alone. */
import type { ApiClient } from "../client.ts";
import { syncResponse, type SyncRequest } from "../../../../../supabase/functions/_shared/wire/sync.ts";

/** POST /sync: resolve declared skills to versions, digests and manifests (no bytes). */
export async function syncSkills(client: ApiClient, body: SyncRequest) {
  return client.request("POST", "/sync", syncResponse, { body });
}
