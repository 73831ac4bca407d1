/** `skills search <query>` (spec §6.6): find skills across the registries you can read. */
import type { Command } from "commander";
import { apiClient } from "../lib/api.ts";
import { brief, columns, print, spinner } from "../lib/output.ts";
import { commandApiUrl } from "../lib/project.ts";

interface SearchOptions {
  tags?: string;
  compat?: string;
  apiUrl?: string;
}

/** Adds `search` to the program. */
export function addSearchCommand(program: Command): void {
  program
    .command("search")
    .description("search skills by keyword")
    .argument("<query>", "words to look for in names, descriptions and tags")
    .option("--tags <list>", "only skills with these tags (comma-separated)")
    .option("--compat <list>", "only skills compatible with these agents (comma-separated)")
    .option("--api-url <url>", "API URL to search")
    .action(async (query: string, options: SearchOptions) => {
      const apiUrl = await commandApiUrl(options.apiUrl);
      const spin = await spinner(`Searching for "${query}"`);
      const results = await apiClient(apiUrl)
        .search(query, { tags: options.tags, compat: options.compat })
        .finally(() => spin.stop());
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
    });
}
