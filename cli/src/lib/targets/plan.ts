/**
 * The decisions for agent directories (see `targets.ts`), without I/O: for
 * each wanted and each previously owned folder, whether to leave, write, link
 * or remove it. Folders this CLI did not create are never touched; owned
 * copies edited by hand are kept or refused like edited skill folders
 * (`sync/plan.ts`).
 */
import { diffManifests, type FileChanges } from "../skill/manifest-diff.ts";
import type { LocalState } from "../project/state.ts";
import type { OnDisk } from "./sync.ts";
import { linkTarget, type TargetEntry } from "./targets.ts";

/** What to do with one agent-directory folder. */
export type TargetAction =
  /** Left as it is: it holds `digest`, or a copy edited by hand while nothing new resolved for it. */
  | { kind: "keep"; entry: TargetEntry; digest: string }
  /** The skill did not resolve this run: whatever is there stays as it is. */
  | { kind: "unresolved"; entry: TargetEntry }
  | { kind: "write"; entry: TargetEntry; digest: string }
  | { kind: "remove"; dir: string }
  | { kind: "forget"; dir: string }
  | { kind: "foreign"; dir: string }
  | { kind: "conflict"; dir: string; changes: FileChanges };

/** What a target folder must hold: a digest and the manifest behind it. */
type TargetContent = { digest: string; files: readonly { path: string; sha256: string; executable: boolean }[] };

/** Everything `planTargets` needs. */
export interface TargetPlanInput {
  root: string;
  installDir: string;
  wanted: readonly TargetEntry[];
  state: LocalState;
  /** `inspectTarget` of every path of `targetDirs`. */
  disk: ReadonlyMap<string, OnDisk>;
  /** The digest each declared skill that resolved will have after this sync, by slug. */
  desired: ReadonlyMap<string, TargetContent>;
  /** The digest the lockfile recorded for each slug before this sync (an interrupted sync may have left that). */
  lockedDigest: ReadonlyMap<string, string>;
  force: boolean;
}

/** The agent-directory paths a sync looks at: every wanted one and every one it owns. */
export function targetDirs(wanted: readonly TargetEntry[], state: LocalState): string[] {
  return [...new Set([...wanted.map((w) => w.dir), ...Object.keys(state.targets)])];
}

/** Decides every agent-directory folder; see the module comment. */
export function planTargets(input: TargetPlanInput): { actions: TargetAction[] } {
  const wantedDirs = new Set(input.wanted.map((w) => w.dir));
  const owned = Object.entries(input.state.targets).filter(([dir]) => !wantedDirs.has(dir));
  return {
    actions: [
      ...input.wanted.map((entry) => wantedAction(input, entry)),
      ...owned.map(([dir, { slug, digest }]) => unwantedAction(input, dir, [digest, input.lockedDigest.get(slug)])),
    ],
  };
}

/**
 * A wanted folder: written where nothing is, left alone when not ours or its skill did not
 * resolve, kept when it holds its target, else replaced.
 */
function wantedAction(input: TargetPlanInput, entry: TargetEntry): TargetAction {
  const { root, installDir, state, lockedDigest, force } = input;
  const target = input.desired.get(entry.slug);
  if (!target) return { kind: "unresolved", entry };
  const owned = state.targets[entry.dir];
  const disk = input.disk.get(entry.dir) ?? { kind: "none" };
  if (disk.kind === "none") return { kind: "write", entry, digest: target.digest };
  if (!owned) return { kind: "foreign", dir: entry.dir };
  const holds = entry.link
    ? disk.kind === "link" && disk.to === linkTarget(root, installDir, entry)
    : disk.kind === "folder" && disk.manifest.digest === target.digest;
  if (holds) return { kind: "keep", entry, digest: target.digest };
  return replaceAction(entry, disk, target, [owned.digest, lockedDigest.get(entry.slug)], state.digests[entry.dir], force);
}

/** An owned folder no longer wanted: forgotten when gone, refused when edited by hand (unless `force`), else removed. */
function unwantedAction(input: TargetPlanInput, dir: string, known: (string | undefined)[]): TargetAction {
  const disk = input.disk.get(dir) ?? { kind: "none" };
  if (disk.kind === "none") return { kind: "forget", dir };
  if (disk.kind === "folder" && !input.force && !known.includes(disk.manifest.digest)) {
    return { kind: "conflict", dir, changes: { modified: [], added: disk.manifest.files.map((f) => f.path), removed: [] } };
  }
  return { kind: "remove", dir };
}

/** Replaces what is there unless it is a copy edited by hand: kept when `recorded` (what was last written) is still the target, else a conflict. */
function replaceAction(
  entry: TargetEntry,
  disk: OnDisk,
  target: TargetContent,
  known: (string | undefined)[],
  recorded: string | undefined,
  force: boolean,
): TargetAction {
  const edited = disk.kind === "folder" && !force && ![...known, recorded].includes(disk.manifest.digest);
  if (!edited) return { kind: "write", entry, digest: target.digest };
  if (recorded === target.digest) return { kind: "keep", entry, digest: target.digest };
  return { kind: "conflict", dir: entry.dir, changes: diffManifests(target.files, disk.kind === "folder" ? disk.manifest.files : []) };
}

/** A message naming every agent folder whose local changes a sync would lose, with what to do about it. */
export function targetConflictMessage(conflicts: readonly Extract<TargetAction, { kind: "conflict" }>[]): string {
  return [
    "Local changes in agent folders would be lost:",
    ...conflicts.map((c) => `  ${c.dir}: ${[...c.changes.modified, ...c.changes.added, ...c.changes.removed].join(", ") || "changed"}`),
    "Copy your changes into the skill and `skills push` it, or run `skills sync --force` to discard them.",
  ].join("\n");
}
