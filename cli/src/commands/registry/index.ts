/** `skills registry …`: the commands that manage a registry, one file each in this folder. */
import { Command } from "@commander-js/extra-typings";
import { command as create } from "./create.ts";
import { command as invite } from "./invite.ts";
import { command as members } from "./members.ts";

/** The `registry` command group. */
export const command = new Command("registry")
  .description("manage registries: members, invitations, new organizations")
  .addCommand(members)
  .addCommand(invite)
  .addCommand(create);
