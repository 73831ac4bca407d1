/** The registry routes: GET /registries and POST /registries. */
import type { ApiClient } from "../client.ts";
import { registriesResponse, registryResponse } from "../../../../../supabase/functions/_shared/wire/registries.ts";

/** GET /registries: the registries the caller belongs to. */
export async function listRegistries(client: ApiClient) {
  return (await client.request("GET", "/registries", registriesResponse)).registries;
}

/** POST /registries: create an organization registry; the caller becomes its admin. */
export async function createRegistry(client: ApiClient, body: { slug: string; name: string; description?: string | undefined }) {
  return (
    await client.request("POST", "/registries", registryResponse, {
      body,
      messages: { 409: `A registry or user named "${body.slug}" already exists. Pick another slug.` },
    })
  ).registry;
}
