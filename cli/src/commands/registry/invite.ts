/** `skills registry invite <registry> --email --role`: invite someone by email (admins only). */
import { Command, Option } from "@commander-js/extra-typings";
import { print } from "../../lib/terminal/output.ts";
import { apiUrlOption, examples } from "../options.ts";

/** The `registry invite` command. */
export const command = new Command("invite")
  .description("invite someone to a registry by email (admins only); they accept with `skills invitations`")
  .argument("<registry>", "registry slug")
  .requiredOption("--email <email>", "who to invite")
  .addOption(new Option("--role <role>", "their role").choices(["member", "contributor", "admin"] as const).default("member" as const))
  .addOption(apiUrlOption())
  .addHelpText("after", examples("skills registry invite kove-inc --email alex@example.com --role contributor"))
  .action(async (registry, options) => {
    const { checkValue } = await import("../../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../../supabase/functions/_shared/wire/slugs.ts");
    const { memberRole: registryRoleSchema } = await import("../../../../supabase/functions/_shared/wire/roles.ts");
    const { emailAddress: inviteEmail } = await import("../../../../supabase/functions/_shared/wire/members.ts");
    const { commandApiUrl } = await import("../../lib/project/project.ts");
    const { apiClient } = await import("../../lib/http/client.ts");
    const { invite } = await import("../../lib/http/api/members.ts");
    checkValue(registrySlug, registry, "registry");
    const email = checkValue(inviteEmail, options.email, "--email");
    const role = checkValue(registryRoleSchema, options.role, "--role");
    const result = await invite(apiClient(await commandApiUrl(options.apiUrl)), registry, { email, role });
    // "Invited <email> as <role> to <registry>" is the sentence scripts and docs expect; a direct membership (the email has an account) gets one like it.
    if ("member" in result) print(`Added ${email} as ${result.member.role} to ${registry} (already registered as ${result.member.username})`);
    else {
      print(`Invited ${result.invitation.email} as ${result.invitation.role} to ${registry}`);
      print(`They see it with \`skills invitations\` once they sign up or log in with that email; it expires ${result.invitation.expires_at.slice(0, 10)}.`);
    }
  });
