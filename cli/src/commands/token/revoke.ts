/** `skills token revoke <name>`: ends one of your access tokens at once. */
import { Command } from "@commander-js/extra-typings";
import { print } from "../../lib/terminal/output.ts";
import { apiUrlOption, examples } from "../options.ts";

/** The `token revoke` command. */
export const command = new Command("revoke")
  .description("revoke one of your access tokens; it stops working at once")
  .argument("<name>", "the token's name (see `skills token list`)")
  .addOption(apiUrlOption())
  .addHelpText("after", examples("skills token revoke ci"))
  .action(async (name, options) => {
    const { checkValue } = await import("../../lib/terminal/args.ts");
    const { tokenName } = await import("../../../../supabase/functions/_shared/wire/tokens.ts");
    const { commandApiUrl } = await import("../../lib/project/project.ts");
    const { apiClient } = await import("../../lib/http/client.ts");
    const { revokeToken } = await import("../../lib/http/api/tokens.ts");
    checkValue(tokenName, name, "name");
    await revokeToken(apiClient(await commandApiUrl(options.apiUrl)), name);
    print(`Revoked token "${name}": it no longer works.`);
  });
