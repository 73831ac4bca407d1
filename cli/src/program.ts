/**
 * The commander program and the top level every error ends in: commander's
 * usage errors exit 2, other failures go to `failure.ts`. Each command is a
 * module of its own (`commands/index.ts`); a run loads only the one it names.
 */
import { Command, CommanderError, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { COMMANDS } from "./commands/index.ts";
import { setQuiet, useTerminalColors } from "./lib/terminal/output.ts";
import { VERSION } from "./version.ts";

/** The program's own options, the only ones allowed before the command name. */
const ROOT_FLAGS = new Set(["-q", "--quiet"]);

/**
 * Words other package managers use for what a command of ours does: a user
 * typing `skills install x` is told to run `skills add x`, which edit distance
 * alone would not suggest.
 */
const FOREIGN_WORDS: Readonly<Record<string, string>> = {
  install: "add", i: "add", get: "add", uninstall: "remove", rm: "remove", delete: "remove",
  upgrade: "update", up: "update", ls: "list", find: "search", show: "info", view: "info",
  publish: "push", check: "validate", lint: "validate", pack: "bundle", status: "verify",
};

/** The command name `args` gives (the first word that is not a program option), if any. */
function commandName(args: readonly string[]): string | undefined {
  return args.find((a) => !ROOT_FLAGS.has(a));
}

/**
 * The names of the commands `args` may run: the one it names, or every
 * command when help lists them or commander must say the name is unknown (and
 * suggest a close one).
 */
function commandsFor(args: readonly string[]): string[] {
  const name = commandName(args);
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
}

/** The `skills` program with the commands `args` may run (`commandsFor`). */
export async function buildProgram(args: readonly string[]): Promise<CommandUnknownOpts> {
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
    .hook("preAction", () => setQuiet(Boolean(program.opts().quiet)));
  const modules = await Promise.all(commandsFor(args).map((name) => COMMANDS[name]!()));
  for (const { command } of modules) adopt(program, command);
  refuseForeignWord(program, commandName(args));
  return program;
}

/**
 * A usage error (exit 2) for a command name another package manager would
 * understand, naming ours; nothing for any other name.
 */
function refuseForeignWord(program: CommandUnknownOpts, name: string | undefined): void {
  if (name === undefined || Object.hasOwn(COMMANDS, name) || !Object.hasOwn(FOREIGN_WORDS, name)) return;
  const ours = FOREIGN_WORDS[name]!;
  program.error(`error: unknown command '${name}'\n(Did you mean ${ours}? Run \`skills ${ours} --help\`.)`, { code: "commander.unknownCommand", exitCode: 2 });
}

/**
 * Adds `command` (and its subcommands) under `parent` with the settings a
 * command made by `parent.command()` inherits: help flags and texts, the
 * exit override that turns usage errors into exit 2, suggestions.
 */
function adopt(parent: CommandUnknownOpts, command: CommandUnknownOpts): void {
  parent.addCommand(command);
  inherit(parent, command);
}

function inherit(parent: CommandUnknownOpts, command: CommandUnknownOpts): void {
  command.copyInheritedSettings(parent);
  for (const child of command.commands) inherit(command, child);
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
