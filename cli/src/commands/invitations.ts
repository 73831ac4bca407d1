/** `skills invitations [accept|decline <registry>]` (spec §3.2): your pending invitations, and answering them. */
import { apiClient } from "../lib/http/api.ts";
import { CliError } from "../lib/errors.ts";
import { color, columns, print, printJson, spinner } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";

/**
 * Runs `invitations` (the list; the server returns pending, unexpired ones only).
 * JSON: `{ invitations: [{ id, registry, registry_name, role, email, invited_by, created_at, expires_at }] }`.
 */
export async function run(options: { apiUrl?: string; json?: boolean }): Promise<void> {
  const apiUrl = await commandApiUrl(options.apiUrl);
  const spin = await spinner("Listing invitations");
  const pending = await apiClient(apiUrl).invitations().finally(() => spin.stop());
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
}

/** The action of `invitations accept|decline <registry or id>`. */
export function answer(kind: "accept" | "decline") {
  return async (target: string, options: { apiUrl?: string }): Promise<void> => {
    const client = apiClient(await commandApiUrl(options.apiUrl));
    const pending = await client.invitations();
    const invitation = pending.find((i) => i.id === target) ?? pending.find((i) => i.registry === target);
    if (!invitation) {
      throw new CliError("NOT_FOUND", `No pending invitation from "${target}". Run \`skills invitations\` to see yours.`);
    }
    if (kind === "accept") {
      const member = await client.acceptInvitation(invitation.registry, invitation.id);
      print(`Joined ${invitation.registry} as ${member.role}.`);
    } else {
      await client.declineInvitation(invitation.registry, invitation.id);
      print(`Declined the invitation to ${invitation.registry}.`);
    }
  };
}
