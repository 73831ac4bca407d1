/** `skills invitations [accept|decline <registry>]`: your pending invitations, and answering them. */
import { Command } from "@commander-js/extra-typings";
import { CliError } from "../lib/errors.ts";
import { color, columns, print, printJson, spinner } from "../lib/terminal/output.ts";
import { apiUrlOption, examples, jsonOption } from "./options.ts";

/**
 * The `invitations` command (the list; the server returns pending, unexpired ones only), with
 * `accept` and `decline` below it.
 * JSON: `{ invitations: [{ id, registry, registry_name, role, email, invited_by, created_at, expires_at }] }`.
 */
export const command = new Command("invitations")
  .description("list your pending invitations; accept or decline them")
  .addOption(apiUrlOption())
  .addOption(jsonOption())
  .addHelpText("after", examples("skills invitations", "skills invitations accept kove-inc"))
  .addCommand(answerCommand("accept"))
  .addCommand(answerCommand("decline"))
  .action(async (options) => {
    const { commandApiUrl } = await import("../lib/project/project.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { listInvitations } = await import("../lib/http/api/invitations.ts");
    const apiUrl = await commandApiUrl(options.apiUrl);
    const spin = await spinner("Listing invitations");
    const pending = await listInvitations(apiClient(apiUrl)).finally(() => spin.stop());
    if (options.json) {
      printJson({
        invitations: pending.map((i) => ({
          id: i.id,
          registry: i.registry,
          registry_name: i.registry_name,
          role: i.role,
          email: i.email,
          invited_by: i.invited_by,
          created_at: i.created_at,
          expires_at: i.expires_at,
        })),
      });
      return;
    }
    if (pending.length === 0) {
      print("No pending invitations.");
      return;
    }
    const rows = pending.map((i) => [i.registry, i.role, i.invited_by ? `from ${i.invited_by}` : "", `expires ${i.expires_at.slice(0, 10)}`]);
    for (const line of columns(rows)) print(line);
    print(`\nAccept one with ${color.cyan("skills invitations accept <registry>")}, or decline it.`);
  });

/** `invitations accept|decline <registry or id>`. */
function answerCommand(kind: "accept" | "decline") {
  return new Command(kind)
    .description(`${kind} an invitation`)
    .argument("<registry>", "the inviting registry (or the invitation id)")
    .addOption(apiUrlOption())
    .action(async (target, options) => {
      const { commandApiUrl } = await import("../lib/project/project.ts");
      const { apiClient } = await import("../lib/http/client.ts");
      const { acceptInvitation, declineInvitation, listInvitations } = await import("../lib/http/api/invitations.ts");
      const client = apiClient(await commandApiUrl(options.apiUrl));
      const pending = await listInvitations(client);
      const invitation = pending.find((i) => i.id === target) ?? pending.find((i) => i.registry === target);
      if (!invitation) {
        throw new CliError("NOT_FOUND", `No pending invitation from "${target}". Run \`skills invitations\` to see yours.`);
      }
      if (kind === "accept") {
        const member = await acceptInvitation(client, invitation.registry, invitation.id);
        print(`Joined ${invitation.registry} as ${member.role}.`);
      } else {
        await declineInvitation(client, invitation.registry, invitation.id);
        print(`Declined the invitation to ${invitation.registry}.`);
      }
    });
}
