/** `skills registry invite <registry> --email --role` (spec §6.6): invite someone by email (admins only). */
import { apiClient } from "../lib/http/api.ts";
import { checkValue } from "../lib/terminal/args.ts";
import { print } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";
import { inviteEmail, registryRoleSchema, registrySlug } from "../lib/http/wire.ts";

/** Runs `registry invite`. */
export async function run(registry: string, options: { email: string; role: string; apiUrl?: string }): Promise<void> {
  checkValue(registrySlug, registry, "registry");
  const email = checkValue(inviteEmail, options.email, "--email");
  const role = checkValue(registryRoleSchema, options.role, "--role");
  const result = await apiClient(await commandApiUrl(options.apiUrl)).invite(registry, { email, role });
  if ("member" in result) {
    print(`Added ${result.member.username} (${email}) to ${registry} as ${result.member.role}: they already have an account.`);
  } else {
    const { invitation } = result;
    print(`Invited ${invitation.email} to ${registry} as ${invitation.role}; the invitation expires ${invitation.expires_at.slice(0, 10)}.`);
    print(`They see it with \`skills invitations\` once they sign up or log in with that email.`);
  }
}
