/** `skills registry create <slug>`: a new organization registry; the caller becomes its admin. */
import { Command } from "@commander-js/extra-typings";
import { color, print } from "../../lib/terminal/output.ts";
import { apiUrlOption, examples } from "../options.ts";

/** The `registry create` command. */
export const command = new Command("create")
  .description("create an organization registry; you become its admin")
  .argument("<slug>", "registry slug")
  .option("--name <name>", "display name (default: the slug)")
  .option("--description <text>", "what it is for")
  .addOption(apiUrlOption())
  .addHelpText("after", examples("skills registry create kove-inc --name 'Kove Inc'"))
  .action(async (slug, options) => {
    const { checkValue } = await import("../../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../../supabase/functions/_shared/wire/slugs.ts");
    const { commandApiUrl } = await import("../../lib/project/project.ts");
    const { apiClient } = await import("../../lib/http/client.ts");
    const { createRegistry } = await import("../../lib/http/api/registries.ts");
    checkValue(registrySlug, slug, "registry slug");
    const registry = await createRegistry(apiClient(await commandApiUrl(options.apiUrl)), {
      slug,
      name: options.name?.trim() || slug,
      ...(options.description ? { description: options.description } : {}),
    });
    print(`Created registry ${registry.slug}; you are its admin.`);
    print(`Invite people with ${color.cyan(`skills registry invite ${registry.slug} --email <email> --role contributor`)}`);
  });
