/**
 * The commander program and the top level every error ends in: commander's
 * usage errors exit 2, other failures go to `failure.ts`. Commands are
 * defined cheaply (`definitions.ts`); each loads its implementation when it
 * runs.
 */
import { Command, CommanderError } from "commander";
import { defineCommands } from "./definitions.ts";
import { useTerminalColors } from "./lib/terminal/output.ts";
import { VERSION } from "./version.ts";

/**
 * The `skills` program with every command. `login` belongs to its own file
 * (browser and password flows) whose imports are not cheap, so it is loaded
 * only when `login` is what runs; otherwise a stand-in lists it in the help.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command("skills")
    .description("Store, version, share and sync agent skills (SKILL.md folders).")
    .version(VERSION, "-V, --version", "print the version")
    .option("-q, --quiet", "print only errors and requested data (--json)")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    // Program options only before the command: `push --version 1.2.0` is push's option.
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 failure, 2 usage error. NO_COLOR turns colours off; SKILLS_TOKEN supplies a token (CI).\n" +
        "Example:\n  $ skills init && skills add kove-inc/supabase-edge\n",
    )
    .hook("preAction", async (command) => {
      (await import("./lib/terminal/output.ts")).setQuiet(Boolean(command.opts().quiet));
    });
  const wantsLogin = args.find((a) => !a.startsWith("-")) === "login" || (args[0] === "help" && args[1] === "login");
  if (wantsLogin) {
    const { addLoginCommand } = await import("./commands/login.ts");
    addLoginCommand(program);
  } else {
    program
      .command("login")
      .description("log in to a registry API (browser, or --email and --password); the session is kept per API URL")
      .allowUnknownOption()
      .allowExcessArguments();
  }
  defineCommands(program);
  // Every subcommand reports errors through the same top level.
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs the CLI on `args` (without `node` and the script).
 * @returns the process exit code: 0 ok, 1 failure, 2 usage error.
 */
export async function main(args: readonly string[]): Promise<number> {
  try {
    await useTerminalColors();
    await (await buildProgram(args)).parseAsync([...args], { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

async function exitCodeFor(error: unknown): Promise<number> {
  // Commander has already printed its message (or the help).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  return (await import("./failure.ts")).reportFailure(error);
}
