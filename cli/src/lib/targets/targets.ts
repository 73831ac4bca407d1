/**
 * Agent directories (README "Agent folders and security warnings"): besides
 * the install path, `sync` puts each skill where each coding agent looks for
 * it, and removes the folders it put there once a skill is no longer
 * declared. It only ever touches folders recorded as its own in the local
 * state file.
 */
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Each target `.skills.yaml` may list, and the folder (relative to the repository root) its agents read. */
export const TARGET_DIRS = {
  claude: ".claude/skills",
  agents: ".agents/skills",
  github: ".github/skills",
  gemini: ".gemini/skills",
  opencode: ".opencode/skills",
  windsurf: ".windsurf/skills",
} as const;

/** A target name. */
export type Target = keyof typeof TARGET_DIRS;

/** Target names in a stable order. */
export const TARGETS = Object.keys(TARGET_DIRS) as Target[];

/** Which agents read each target, for `init`'s question. */
export const TARGET_AGENTS: Record<Target, string> = {
  claude: "Claude Code",
  agents: "Codex, Cursor, Amp, Goose",
  github: "GitHub Copilot",
  gemini: "Gemini CLI",
  opencode: "OpenCode",
  windsurf: "Windsurf",
};

/** The targets whose agent folder (e.g. `.claude/`) already exists in `root`, for `init` to preselect. */
export function detectTargets(root: string): Target[] {
  return TARGETS.filter((t) => existsSync(join(root, TARGET_DIRS[t].split("/")[0]!)));
}

/** One installed copy (or link) of a skill in an agent folder: `dir` relative to the repository root. */
export interface TargetEntry {
  dir: string;
  slug: string;
  link: boolean;
}

/** Every target folder the config wants: one per declared skill and target. */
export function wantedTargetEntries(targets: readonly Target[], slugs: readonly string[], link: boolean): TargetEntry[] {
  return targets.flatMap((t) => slugs.map((slug) => ({ dir: `${TARGET_DIRS[t]}/${slug}`, slug, link })));
}

/** The relative link target from an agent-directory entry to the installed skill folder. */
export function linkTarget(root: string, installDir: string, entry: TargetEntry): string {
  return relative(dirname(join(root, entry.dir)), join(installDir, entry.slug));
}
