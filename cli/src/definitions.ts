/**
 * Every command's command line: name, arguments, options, help and an
 * example. Cheap on purpose: this file imports nothing but
 * commander, and each action imports its command's implementation
 * (`commands/<name>.ts`) only when it runs, so `skills --help` starts as fast
 * as Node. Values are checked in the implementations (a bad one is a usage
 * error, exit 2).
 */
import { type Command, Option } from "commander";

type Run = (...args: any[]) => Promise<void>;

/** An action that loads its implementation on first use. */
function lazy(load: () => Promise<{ run: Run }>): Run {
  return async (...args) => (await load()).run(...args);
}

function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

const json = ["--json", "print JSON (shape documented in the README)"] as const;
const apiUrl = ["--api-url <url>", "API URL (default: $SKILLS_API_URL, the project's first source, your last login)"] as const;
const yes = ["-y, --yes", "accept security warnings and ask nothing (CI)"] as const;

/** Adds every command except `login` (see program.ts) to `program`. */
export function defineCommands(program: Command): void {
  example(
    program
      .command("init")
      .description("create .skills.yaml in the current folder")
      .option("--api-url <url>", "API URL of the registry (default: $SKILLS_API_URL, your login, or the local stack)")
      .option("--registry <slug>", "registry to use as the first source (your username or an organization)")
      .option("--install-path <dir>", "folder for installed skills, relative to here")
      .option("--targets <list>", "agent folders to install into too, comma-separated: claude, agents, github, gemini, opencode, windsurf (or none)")
      .option("--link", "symlink agent folders to the install path instead of copying")
      .option("-y, --yes", "overwrite an existing .skills.yaml and ask nothing")
      .action(lazy(() => import("./commands/init.ts"))),
    "skills init",
    "skills init --registry kove-inc --targets claude,agents --yes",
  );
  example(
    program
      .command("register")
      .description("create an account and log in; your username is also your personal registry")
      .option("--email <email>", "email address")
      .option("--password <password>", "password (prefer the prompt or $SKILLS_PASSWORD: flags show in `ps`)")
      .option("--username <name>", "username, also the slug of your personal registry")
      .option(...apiUrl)
      .action(lazy(() => import("./commands/register.ts"))),
    "skills register --email you@example.com --username you",
  );
  example(
    program.command("logout").description("forget the stored session of an API URL").option(...apiUrl).action(lazy(() => import("./commands/logout.ts"))),
    "skills logout",
  );
  example(
    program.command("whoami").description("show the logged-in user").option(...apiUrl).option(...json).action(lazy(() => import("./commands/whoami.ts"))),
    "skills whoami --json",
  );
  example(
    program
      .command("add")
      .description("add skills to .skills.yaml and install them")
      .argument("<refs...>", "skills as <slug>, <registry>/<slug> or <source>/<slug>")
      .option("--version <constraint>", 'version constraint for the added skills, e.g. ">=1.0.0" or "^2.1.0"')
      .option("--force", "let the sync overwrite skill folders with local changes")
      .option(...yes)
      .action(lazy(() => import("./commands/add.ts"))),
    "skills add kove-inc/supabase-edge",
    "skills add zod-v4 --version '^2.0.0'",
  );
  example(
    program
      .command("remove")
      .description("remove skills from .skills.yaml and delete their installed folders")
      .argument("<slugs...>", "skill slugs")
      .option("--force", "delete folders even if they have local changes")
      .action(lazy(() => import("./commands/remove.ts"))),
    "skills remove zod-v4",
  );
  example(
    program
      .command("sync")
      .description("install the skills declared in .skills.yaml, update SKILLS_INDEX.md and .skills.lock")
      .option("--force", "overwrite (or remove) skill folders with local changes")
      .option("--frozen", "CI: install exactly what .skills.lock pins; fail (exit 1) on any difference")
      .option(...yes)
      .action(lazy(() => import("./commands/sync.ts"))),
    "skills sync",
    "SKILLS_TOKEN=… skills sync --frozen --yes",
  );
  example(
    program
      .command("verify")
      .description("check, without writing or network, that installed skills match .skills.lock and .skills.yaml")
      .option(...json)
      .action(lazy(() => import("./commands/verify.ts"))),
    "skills verify",
  );
  example(
    program
      .command("update")
      .description("move skills to the newest versions their constraints allow")
      .argument("[slug]", "only this skill")
      .option("--force", "overwrite skill folders with local changes")
      .option(...yes)
      .action(lazy(() => import("./commands/update.ts"))),
    "skills update",
    "skills update supabase-edge",
  );
  example(
    program
      .command("list")
      .description("list the skills of your registries (the sources in .skills.yaml, else every registry you belong to)")
      .option("--installed", "list the skills declared in .skills.yaml with their locked versions")
      .option("--api-url <url>", "API URL to ask when there is no .skills.yaml")
      .option(...json)
      .action(lazy(() => import("./commands/list.ts"))),
    "skills list",
    "skills list --installed --json",
  );
  example(
    program
      .command("search")
      .description("search skills by keyword")
      .argument("<query>", "words to look for in names, descriptions and tags")
      .option("--tags <list>", "only skills with these tags (comma-separated)")
      .option("--compat <list>", "only skills compatible with these agents (comma-separated)")
      .option(...apiUrl)
      .option(...json)
      .action(lazy(() => import("./commands/search.ts"))),
    'skills search "edge functions" --tags supabase',
  );
  example(
    program
      .command("info")
      .description("show a skill's metadata, versions and maintainers")
      .argument("<ref>", "<slug>, <registry>/<slug> or <source>/<slug>")
      .option(...json)
      .action(lazy(() => import("./commands/info.ts"))),
    "skills info supabase-edge",
  );
  example(
    program
      .command("diff")
      .description("show how installed skills differ from their latest published version (whole folders)")
      .argument("[slug]", "only this skill")
      .option(...json)
      .action(lazy(() => import("./commands/diff.ts"))),
    "skills diff",
    "skills diff supabase-edge | less -R",
  );
  example(
    program
      .command("edit")
      .description("open an installed skill's SKILL.md in $VISUAL, $EDITOR or vi and mark it modified")
      .argument("<slug>", "an installed skill")
      .action(lazy(() => import("./commands/edit.ts"))),
    "skills edit supabase-edge",
  );
  example(
    program
      .command("push")
      .description("publish a skill folder (every file in it) as a new skill or version; without a slug, every locally modified skill")
      .argument("[slug]", "skill slug (the SKILL.md name)")
      .option("--path <dir>", "skill folder (default: <install_path>/<slug> from .skills.yaml)")
      .option("--from-stdin", "read SKILL.md from stdin (the other files come from the folder, if any)")
      .option("--registry <slug>", "registry to publish to (default: the skill's source, else the first source)")
      .option("--version <x.y.z>", "version to publish (default: 1.0.0 for a new skill, else the latest with its patch bumped)")
      .option("--changelog <text>", "what changed in this version")
      .option("--api-url <url>", "API URL (default: the registry's source URL in .skills.yaml)")
      .option("--skip-validation", "publish even when `skills validate` finds errors (shown as warnings)")
      .option(...yes)
      .action(lazy(() => import("./commands/push.ts"))),
    "skills push supabase-edge",
    "skills push",
    "cat SKILL.md | skills push my-skill --from-stdin",
  );
  example(
    program
      .command("validate")
      .description("check skills against the Agent Skills format (installed ones, or one folder)")
      .argument("[slug]", "an installed skill")
      .option("--path <dir>", "validate this folder instead")
      .option(...json)
      .action(lazy(() => import("./commands/validate.ts"))),
    "skills validate",
    "skills validate --path ./my-skill",
  );
  example(
    program
      .command("bundle")
      .description("concatenate installed SKILL.md files into one markdown file")
      .argument("[slugs...]", "skills to bundle (default: every installed skill)")
      .option("-o, --output <file>", "where to write it", "skills-bundle.md")
      .action(lazy(() => import("./commands/bundle.ts"))),
    "skills bundle --output AGENTS.md",
  );
  example(
    program
      .command("config")
      .description("get or set a global setting: api_url, editor, install_path")
      .argument("<key>", "api_url, editor or install_path")
      .argument("[value]", "new value (omit to print the current one)")
      .option("--unset", "remove the setting")
      .action(lazy(() => import("./commands/config.ts"))),
    "skills config api_url https://xyz.supabase.co/functions/v1/api",
    "skills config editor",
  );

  const registry = program.command("registry").description("manage registries: members, invitations, new organizations");
  example(
    registry
      .command("members")
      .description("list a registry's members and their roles")
      .argument("<registry>", "registry slug")
      .option(...apiUrl)
      .option(...json)
      .action(lazy(() => import("./commands/registry-members.ts"))),
    "skills registry members kove-inc",
  );
  example(
    registry
      .command("invite")
      .description("invite someone to a registry by email (admins only)")
      .argument("<registry>", "registry slug")
      .requiredOption("--email <email>", "who to invite")
      .addOption(new Option("--role <role>", "their role").choices(["member", "contributor", "admin"]).default("member"))
      .option(...apiUrl)
      .action(lazy(() => import("./commands/registry-invite.ts"))),
    "skills registry invite kove-inc --email alex@example.com --role contributor",
  );
  example(
    registry
      .command("create")
      .description("create an organization registry; you become its admin")
      .argument("<slug>", "registry slug")
      .option("--name <name>", "display name (default: the slug)")
      .option("--description <text>", "what it is for")
      .option(...apiUrl)
      .action(lazy(() => import("./commands/registry-create.ts"))),
    "skills registry create kove-inc --name 'Kove Inc'",
  );

  const invitations = example(
    program
      .command("invitations")
      .description("list your pending invitations; accept or decline them")
      .option(...apiUrl)
      .option(...json)
      .action(lazy(() => import("./commands/invitations.ts"))),
    "skills invitations",
    "skills invitations accept kove-inc",
  );
  for (const answer of ["accept", "decline"] as const) {
    invitations
      .command(answer)
      .description(`${answer} an invitation`)
      .argument("<registry>", "the inviting registry (or the invitation id)")
      .option(...apiUrl)
      .action(lazy(async () => ({ run: (await import("./commands/invitations.ts")).answer(answer) })));
  }
}
