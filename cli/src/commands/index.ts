/**
 * Every top-level command by name, in the order help lists them, each a
 * module of its own: the program loads only the module of the command that
 * runs, and all of them only to list or suggest commands. So that listing
 * stays cheap, a command module imports up front only what its declaration
 * and printing need (commander, ./options.ts, terminal output, errors) and
 * loads the rest of the CLI inside its action.
 */
import type { CommandUnknownOpts } from "@commander-js/extra-typings";

/** Loads the module that declares one command. */
export type CommandLoader = () => Promise<{ command: CommandUnknownOpts }>;

/** Command name → its module. */
export const COMMANDS: Readonly<Record<string, CommandLoader>> = {
  init: () => import("./init.ts"),
  register: () => import("./register.ts"),
  login: () => import("./login.ts"),
  logout: () => import("./logout.ts"),
  whoami: () => import("./whoami.ts"),
  add: () => import("./add.ts"),
  remove: () => import("./remove.ts"),
  sync: () => import("./sync.ts"),
  verify: () => import("./verify.ts"),
  audit: () => import("./audit.ts"),
  update: () => import("./update.ts"),
  list: () => import("./list.ts"),
  search: () => import("./search.ts"),
  info: () => import("./info.ts"),
  diff: () => import("./diff.ts"),
  edit: () => import("./edit.ts"),
  push: () => import("./push.ts"),
  validate: () => import("./validate.ts"),
  bundle: () => import("./bundle.ts"),
  config: () => import("./config.ts"),
  registry: () => import("./registry/index.ts"),
  invitations: () => import("./invitations.ts"),
  token: () => import("./token/index.ts"),
};
