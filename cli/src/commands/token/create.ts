/**
 * `skills token create --name NAME [--registry SLUG]… [--read-only] [--expires-in 90d]`:
 * a token for CI that acts as you, limited to those registries (and to reads);
 * printed once.
 */
import { Command } from "@commander-js/extra-typings";
import { usageError } from "../../lib/errors.ts";
import { color, print, printJson } from "../../lib/terminal/output.ts";
import { apiUrlOption, examples, jsonOption } from "../options.ts";

/** `90d` → 90; a usage error for anything else, or beyond a year. */
function days(value: string): number {
  const match = /^(\d{1,3})d$/.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  if (!(n >= 1 && n <= 365)) throw usageError(`--expires-in: "${value}" is not a number of days from 1d to 365d, such as 90d.`);
  return n;
}

/** The `token create` command. JSON: `{ token, machine_token: { id, name, registries, read_only, created_at, expires_at, last_used_at } }`. */
export const command = new Command("create")
  .description("create an access token for CI that acts as you; it is shown once")
  .requiredOption("--name <name>", "a name to tell it apart, e.g. ci-main")
  .option("--registry <slug>", "a registry it may reach (repeat for several; default: all of yours)", (slug: string, all: string[] | undefined) => [...(all ?? []), slug])
  .option("--read-only", "it may only read: sync and verify, never push")
  .option("--expires-in <days>", "lifetime, at most 365d", "90d")
  .addOption(apiUrlOption())
  .addOption(jsonOption())
  .addHelpText("after", examples("skills token create --name ci --registry kove-inc --read-only", "skills token create --name deploy --expires-in 30d"))
  .action(async (options) => {
    const { checkValue } = await import("../../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../../supabase/functions/_shared/wire/slugs.ts");
    const { tokenName } = await import("../../../../supabase/functions/_shared/wire/tokens.ts");
    const { commandApiUrl } = await import("../../lib/project/project.ts");
    const { apiClient } = await import("../../lib/http/client.ts");
    const { createToken } = await import("../../lib/http/api/tokens.ts");
    const name = checkValue(tokenName, options.name, "--name");
    const registries = (options.registry ?? []).map((slug) => checkValue(registrySlug, slug, "--registry"));
    const expiresInDays = days(options.expiresIn);
    const created = await createToken(apiClient(await commandApiUrl(options.apiUrl)), {
      name,
      registries: registries.length > 0 ? registries : null,
      read_only: options.readOnly === true,
      expires_in_days: expiresInDays,
    });
    if (options.json) {
      printJson(created);
      return;
    }
    const token = created.machine_token;
    const reach = token.registries ? token.registries.join(", ") : "all your registries";
    print(`Created token "${token.name}" for ${reach}, ${token.read_only ? "read-only" : "read and write"}, expiring ${token.expires_at.slice(0, 10)}:`);
    print();
    print(`  ${created.token}`);
    print();
    print("It will not be shown again. Store it as a secret of your CI and set it as SKILLS_TOKEN:");
    print(`  ${color.cyan("SKILLS_TOKEN=<the token> skills sync --frozen --yes")}`);
    print(`Revoke it with ${color.cyan(`skills token revoke ${token.name}`)}.`);
  });
