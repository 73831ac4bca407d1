/** `skills search <query>` (spec §6.6): find skills across the registries you can read. */
import { apiClient } from "../lib/http/api.ts";
import { brief, columns, print, printJson, spinner } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";

interface SearchOptions {
  tags?: string;
  compat?: string;
  apiUrl?: string;
  json?: boolean;
}

/** Runs `search`. JSON: `{ results: [{ registry, slug, name, description, version, tags, compat }] }`. */
export async function run(query: string, options: SearchOptions): Promise<void> {
  const apiUrl = await commandApiUrl(options.apiUrl);
  const spin = await spinner(`Searching for "${query}"`);
  const results = await apiClient(apiUrl)
    .search(query, { tags: options.tags, compat: options.compat })
    .finally(() => spin.stop());
  if (options.json) {
    printJson({ results });
    return;
  }
  if (results.length === 0) {
    print(`No skills match "${query}".`);
    return;
  }
  const rows = results.map((r) => [
    `${r.registry}/${r.slug}`,
    r.version ? `v${r.version}` : "-",
    brief(r.description),
    r.tags.length > 0 ? `[${r.tags.join(", ")}]` : "",
  ]);
  for (const line of columns(rows)) print(line);
}
