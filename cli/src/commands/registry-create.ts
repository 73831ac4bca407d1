/** `skills registry create <slug>` (spec §3.1 POST /registries): a new organization registry; the caller becomes its admin. */
import { apiClient } from "../lib/http/api.ts";
import { checkValue } from "../lib/terminal/args.ts";
import { color, print } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";
import { registrySlug } from "../lib/http/wire.ts";

/** Runs `registry create`. */
export async function run(slug: string, options: { name?: string; description?: string; apiUrl?: string }): Promise<void> {
  checkValue(registrySlug, slug, "registry slug");
  const registry = await apiClient(await commandApiUrl(options.apiUrl)).createRegistry({
    slug,
    name: options.name?.trim() || slug,
    ...(options.description ? { description: options.description } : {}),
  });
  print(`Created registry ${registry.slug}; you are its admin.`);
  print(`Invite people with ${color.cyan(`skills registry invite ${registry.slug} --email <email> --role contributor`)}`);
}
