/** `skills registry members <registry>`: who belongs to a registry and their roles. */
import { Command } from "@commander-js/extra-typings";
import { columns, print, printJson, spinner } from "../../lib/terminal/output.ts";
import { apiUrlOption, examples, jsonOption } from "../options.ts";

/** The `registry members` command. JSON: `{ registry, members: [{ user_id, username, display_name, role, joined_at }] }`. */
export const command = new Command("members")
  .description("list a registry's members and their roles")
  .argument("<registry>", "registry slug")
  .addOption(apiUrlOption())
  .addOption(jsonOption())
  .addHelpText("after", examples("skills registry members kove-inc"))
  .action(async (registry, options) => {
    const { checkValue } = await import("../../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../../supabase/functions/_shared/wire/slugs.ts");
    const { commandApiUrl } = await import("../../lib/project/project.ts");
    const { apiClient } = await import("../../lib/http/client.ts");
    const { listMembers } = await import("../../lib/http/api/members.ts");
    checkValue(registrySlug, registry, "registry");
    const apiUrl = await commandApiUrl(options.apiUrl);
    const spin = await spinner(`Listing members of ${registry}`);
    const members = await listMembers(apiClient(apiUrl), registry).finally(() => spin.stop());
    if (options.json) {
      printJson({
        registry,
        members: members.map((m) => ({ user_id: m.user_id, username: m.username, display_name: m.display_name, role: m.role, joined_at: m.joined_at })),
      });
      return;
    }
    // A display name is shown only where it says more than the username (new profiles start with the two equal).
    const rows = members.map((m) => [
      m.username,
      m.role,
      `joined ${m.joined_at.slice(0, 10)}`,
      m.display_name && m.display_name !== m.username ? m.display_name : "",
    ]);
    for (const line of columns(rows)) print(line);
  });
