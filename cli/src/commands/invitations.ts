/** `skills invitations [accept|decline <registry>]` (spec §3.2): your pending invitations, and answering them. */
import { apiClient } from "../lib/api.ts";
import { CliError } from "../lib/errors.ts";
import { color, columns, print, printJson, spinner } from "../lib/output.ts";
import { commandApiUrl } from "../lib/project.ts";

/** Runs `invitations` (the list). JSON: `{ invitations: [{ id, registry, role, email, status, expires_at }] }`, pending ones only. */
export async function run(options: { apiUrl?: string; json?: boolean }): Promise<void> {
  const apiUrl = await commandApiUrl(options.apiUrl);
  const spin = await spinner("Listing invitations");
  const pending = (await apiClient(apiUrl).invitations().finally(() => spin.stop())).filter((i) => i.status === "pending");
  if (options.json) {
    printJson({
      invitations: pending.map((i) => ({ id: i.id, registry: i.registry ?? null, role: i.role, email: i.email, status: i.status, expires_at: i.expires_at ?? null })),
    });
    return;
  }
  if (pending.length === 0) {
    print("No pending invitations.");
    return;
  }
  for (const line of columns(pending.map((i) => [i.registry ?? "?", i.role, i.expires_at ? `expires ${i.expires_at.slice(0, 10)}` : ""]))) print(line);
  print(`\nAccept one with ${color.cyan("skills invitations accept <registry>")}, or decline it.`);
}

/** The action of `invitations accept|decline <registry or id>`. */
export function answer(kind: "accept" | "decline") {
  return async (target: string, options: { apiUrl?: string }): Promise<void> => {
    const client = apiClient(await commandApiUrl(options.apiUrl));
    const pending = (await client.invitations()).filter((i) => i.status === "pending");
    const invitation = pending.find((i) => i.id === target) ?? pending.find((i) => i.registry === target);
    if (!invitation?.registry) {
      throw new CliError("NOT_FOUND", `No pending invitation from "${target}". Run \`skills invitations\` to see yours.`);
    }
    await client.answerInvitation(invitation.registry, invitation.id, kind);
    print(kind === "accept" ? `Joined ${invitation.registry} as ${invitation.role}.` : `Declined the invitation to ${invitation.registry}.`);
  };
}
