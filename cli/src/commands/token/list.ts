/** `skills token list [--json]`: your access tokens for machines (never their secrets). */
import { Command } from "@commander-js/extra-typings";
import { color, columns, print, printJson, spinner } from "../../lib/terminal/output.ts";
import { apiUrlOption, examples, jsonOption } from "../options.ts";

/**
 * The `token list` command: tokens not revoked, expired ones included.
 * JSON: `{ tokens: [{ id, name, registries, read_only, created_at, expires_at, last_used_at }] }` (`registries` null: all).
 */
export const command = new Command("list")
  .description("list your access tokens: name, registries, read-only, created, expires, last used")
  .addOption(apiUrlOption())
  .addOption(jsonOption())
  .addHelpText("after", examples("skills token list", "skills token list --json"))
  .action(async (options) => {
    const { commandApiUrl } = await import("../../lib/project/project.ts");
    const { apiClient } = await import("../../lib/http/client.ts");
    const { listTokens } = await import("../../lib/http/api/tokens.ts");
    const apiUrl = await commandApiUrl(options.apiUrl);
    const spin = await spinner("Listing tokens");
    const tokens = await listTokens(apiClient(apiUrl)).finally(() => spin.stop());
    if (options.json) {
      printJson({ tokens });
      return;
    }
    if (tokens.length === 0) {
      print(`No tokens. Create one for CI with ${color.cyan("skills token create --name ci --read-only")}.`);
      return;
    }
    const now = Date.now();
    const rows = tokens.map((t) => [
      t.name,
      // A token's registries the user has since left are no longer shown (nor reachable).
      t.registries === null ? "all registries" : t.registries.join(",") || "no registries left",
      t.read_only ? "read-only" : "read-write",
      `created ${t.created_at.slice(0, 10)}`,
      `${Date.parse(t.expires_at) <= now ? "expired" : "expires"} ${t.expires_at.slice(0, 10)}`,
      t.last_used_at ? `last used ${t.last_used_at.slice(0, 10)}` : "never used",
    ]);
    for (const line of columns(rows)) print(line);
  });
