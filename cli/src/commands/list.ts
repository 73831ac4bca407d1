/** `skills list [--installed]` (spec §6.6): the skills of the configured registries, or the project's locked skills. */
import type { Command } from "commander";
import { apiClient } from "../lib/api.ts";
import { brief, columns, print, spinner } from "../lib/output.ts";
import { commandApiUrl, findProject, loadProject, sourceApiUrl } from "../lib/project.ts";

/** Adds `list` to the program. */
export function addListCommand(program: Command): void {
  program
    .command("list")
    .description("list the skills of your registries (the sources in .skills.yaml, else every registry you belong to)")
    .option("--installed", "list the skills declared in .skills.yaml with their locked versions")
    .option("--api-url <url>", "API URL to ask when there is no .skills.yaml")
    .action(async (options: { installed?: boolean; apiUrl?: string }) => {
      if (options.installed) await listInstalled();
      else await listAvailable(options.apiUrl);
    });
}

async function listInstalled(): Promise<void> {
  const { config, lock } = await loadProject();
  if (config.skills.length === 0) {
    print("No skills in .skills.yaml. Add one with `skills add <skill>`.");
    return;
  }
  const registryOf = new Map(config.sources.map((s) => [s.name, s.registry]));
  const rows = config.skills.map((skill) => {
    const locked = lock?.skills.find((l) => l.slug === skill.slug);
    const notes = [locked ? "locked" : "not synced", ...(skill.version ? [`constraint: ${skill.version}`] : [])];
    return [skill.slug, registryOf.get(skill.source)!, locked ? `v${locked.version}` : "-", `(${notes.join(", ")})`];
  });
  for (const line of columns(rows)) print(line);
}

async function listAvailable(apiUrlFlag: string | undefined): Promise<void> {
  const project = apiUrlFlag === undefined ? await findProject() : null;
  const spin = await spinner("Listing skills");
  const listings = await (async () => {
    // Each (API, registry) pair once, in source order.
    const targets = project
      ? [...new Map(project.config.sources.map((s) => [`${sourceApiUrl(s)} ${s.registry}`, { apiUrl: sourceApiUrl(s), registry: s.registry }])).values()]
      : await registriesOf(await commandApiUrl(apiUrlFlag));
    return Promise.all(targets.map(async (t) => ({ ...t, skills: await apiClient(t.apiUrl).skills(t.registry) })));
  })().finally(() => spin.stop());
  if (listings.length === 0) print("You belong to no registry yet.");
  for (const [i, listing] of listings.entries()) {
    if (i > 0) print();
    print(`${listing.registry}:`);
    if (listing.skills.length === 0) print("  (no skills)");
    const rows = listing.skills.map((s) => [`  ${s.slug}`, s.version ? `v${s.version}` : "-", brief(s.description)]);
    for (const line of columns(rows)) print(line);
  }
}

async function registriesOf(apiUrl: string) {
  return (await apiClient(apiUrl).registries()).map((r) => ({ apiUrl, registry: r.slug }));
}
