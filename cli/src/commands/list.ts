/** `skills list [--installed]`: the skills of the configured registries, or the project's locked skills. */
import { Command } from "@commander-js/extra-typings";
import { brief, columns, print, printJson, spinner } from "../lib/terminal/output.ts";
import { examples, jsonOption } from "./options.ts";

/**
 * The `list` command. JSON: `{ registries: [{ registry, skills: [{ slug, name, description, version, tags, compat }] }] }`;
 * with --installed `{ skills: [{ slug, registry, source, constraint, locked_version }] }` (null when not synced).
 */
export const command = new Command("list")
  .description("list the skills of your registries (the sources in .skills.yaml, else every registry you belong to)")
  .option("--installed", "list the skills declared in .skills.yaml with their locked versions")
  .option("--api-url <url>", "API URL to ask when there is no .skills.yaml")
  .addOption(jsonOption())
  .addHelpText("after", examples("skills list", "skills list --installed --json"))
  .action(async (options) => {
    if (options.installed) await listInstalled(options.json ?? false);
    else await listAvailable(options.apiUrl, options.json ?? false);
  });

async function listInstalled(json: boolean): Promise<void> {
  const { loadProject } = await import("../lib/project/project.ts");
  const { config, lock } = await loadProject();
  if (json) {
    const registryOf = new Map(config.sources.map((s) => [s.name, s.registry]));
    printJson({
      skills: config.skills.map((s) => ({
        slug: s.slug,
        registry: registryOf.get(s.source)!,
        source: s.source,
        constraint: s.version ?? null,
        locked_version: lock?.skills.find((l) => l.slug === s.slug)?.version ?? null,
      })),
    });
    return;
  }
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

async function listAvailable(apiUrlFlag: string | undefined, json: boolean): Promise<void> {
  const { commandApiUrl, findProject, sourceApiUrl } = await import("../lib/project/project.ts");
  const { apiClient } = await import("../lib/http/client.ts");
  const { listSkills } = await import("../lib/http/api/skills.ts");
  const project = apiUrlFlag === undefined ? await findProject() : null;
  const spin = await spinner("Listing skills");
  const listings = await (async () => {
    // Each (API, registry) pair once, in source order.
    const targets = project
      ? [...new Map(project.config.sources.map((s) => [`${sourceApiUrl(s)} ${s.registry}`, { apiUrl: sourceApiUrl(s), registry: s.registry }])).values()]
      : await registriesOf(await commandApiUrl(apiUrlFlag));
    return Promise.all(targets.map(async (t) => ({ ...t, skills: await listSkills(apiClient(t.apiUrl), t.registry) })));
  })().finally(() => spin.stop());
  if (json) {
    printJson({
      registries: listings.map((l) => ({
        registry: l.registry,
        skills: l.skills.map((s) => ({ slug: s.slug, name: s.name, description: s.description, version: s.version, tags: s.tags, compat: s.compat })),
      })),
    });
    return;
  }
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
  const { apiClient } = await import("../lib/http/client.ts");
  const { listRegistries } = await import("../lib/http/api/registries.ts");
  return (await listRegistries(apiClient(apiUrl))).map((r) => ({ apiUrl, registry: r.slug }));
}
