/** `skills search <query>`: find skills across the registries you can read. */
import { Command } from "@commander-js/extra-typings";
import { brief, columns, print, printJson, spinner } from "../lib/terminal/output.ts";
import { apiUrlOption, examples, jsonOption } from "./options.ts";

/** The `search` command. JSON: `{ results: [{ registry, slug, name, description, version, tags, compat }] }`. */
export const command = new Command("search")
  .description("search skills by keyword")
  .argument("<query>", "words to look for in names, descriptions and tags")
  .option("--tags <list>", "only skills with these tags (comma-separated)")
  .option("--compat <list>", "only skills compatible with these agents (comma-separated)")
  .addOption(apiUrlOption())
  .addOption(jsonOption())
  .addHelpText("after", examples('skills search "edge functions" --tags supabase'))
  .action(async (query, options) => {
    const { commandApiUrl } = await import("../lib/project/project.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { searchSkills } = await import("../lib/http/api/search.ts");
    const apiUrl = await commandApiUrl(options.apiUrl);
    const spin = await spinner(`Searching for "${query}"`);
    const results = await searchSkills(apiClient(apiUrl), query, { tags: options.tags, compat: options.compat }).finally(() => spin.stop());
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
  });
