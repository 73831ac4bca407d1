/**
 * The commander program and the top level every error ends in: usage errors
 * exit 2, other failures 1 with one friendly line; a stack trace only for an
 * unexpected error and only with `SKILLS_DEBUG=1`.
 */
import { Command, CommanderError } from "commander";
import { addAddCommand } from "./commands/add.ts";
import { addInitCommand } from "./commands/init.ts";
import { addListCommand } from "./commands/list.ts";
import { addLoginCommand } from "./commands/login.ts";
import { addLogoutCommand } from "./commands/logout.ts";
import { addPushCommand } from "./commands/push.ts";
import { addRegisterCommand } from "./commands/register.ts";
import { addRemoveCommand } from "./commands/remove.ts";
import { addSearchCommand } from "./commands/search.ts";
import { addSyncCommand } from "./commands/sync.ts";
import { addWhoamiCommand } from "./commands/whoami.ts";
import { CliError } from "./lib/errors.ts";
import { printError } from "./lib/output.ts";
import { VERSION } from "./version.ts";

/** The `skills` program with every command. */
export function buildProgram(): Command {
  const program = new Command("skills")
    .description("Store, version, share and sync agent skills (SKILL.md folders).")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    // Program options only before the command: `push --version 1.2.0` is push's option.
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError();
  for (const add of [
    addInitCommand,
    addRegisterCommand,
    addLoginCommand,
    addLogoutCommand,
    addWhoamiCommand,
    addAddCommand,
    addRemoveCommand,
    addSyncCommand,
    addListCommand,
    addSearchCommand,
    addPushCommand,
  ]) {
    add(program);
  }
  return program;
}

/**
 * Runs the CLI on `args` (without `node` and the script).
 * @returns the process exit code: 0 ok, 1 failure, 2 usage error.
 */
export async function main(args: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...args], { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  // Commander has already printed its message (or the help).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof CliError) {
    printError(error.message);
    return error.exitCode;
  }
  printError(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.SKILLS_DEBUG === "1" && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("Run with SKILLS_DEBUG=1 for details.\n");
  return 1;
}
