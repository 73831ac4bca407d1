/** `skills token …`: personal access tokens for machines (CI), one file each in this folder. */
import { Command } from "@commander-js/extra-typings";
import { command as create } from "./create.ts";
import { command as list } from "./list.ts";
import { command as revoke } from "./revoke.ts";

/** The `token` command group. */
export const command = new Command("token")
  .description("access tokens for CI and other machines: create, list, revoke")
  .addCommand(create)
  .addCommand(list)
  .addCommand(revoke);
