/**
 * `skills diff [slug]`: how each installed skill folder differs
 * from the latest published version, as a coloured unified diff of every
 * changed, added and removed file; binary files are named, not dumped. Only
 * the remote files the folder lacks are downloaded.
 */
import { Command } from "@commander-js/extra-typings";
import { join } from "node:path";
import { CliError } from "../lib/errors.ts";
import type { FileDiff } from "../lib/skill/folder-diff.ts";
import { color, print, printJson, spinner } from "../lib/terminal/output.ts";
import { examples, jsonOption } from "./options.ts";

/**
 * The `diff` command. JSON: `{ skills: [{ slug, registry, locked_version, remote_version, changed,
 * files: [{ path, status: "modified"|"added"|"removed", binary, patch }] }] }` (local is the
 * "after" side: `added` = only in the local folder).
 */
export const command = new Command("diff")
  .description("show how installed skills differ from their latest published version (whole folders)")
  .argument("[slug]", "only this skill")
  .addOption(jsonOption())
  .addHelpText("after", examples("skills diff", "skills diff supabase-edge | less -R"))
  .action(async (slug, options) => {
    const { loadProject, sourceApiUrl } = await import("../lib/project/project.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { getSkill } = await import("../lib/http/api/skills.ts");
    const { downloadBlobs } = await import("../lib/http/api/blobs.ts");
    const { readFolder } = await import("../lib/skill/folder.ts");
    const { diffFolders } = await import("../lib/skill/folder-diff.ts");
    const project = await loadProject();
    const declared = slug === undefined ? project.config.skills : project.config.skills.filter((s) => s.slug === slug);
    if (slug !== undefined && declared.length === 0) throw new CliError("NOT_FOUND", `${slug} is not installed here. Run \`skills list --installed\`.`);
    const sources = new Map(project.config.sources.map((s) => [s.name, s]));
    const spin = await spinner("Comparing with the registry");
    const results = await Promise.all(
      declared.map(async (d) => {
        const source = sources.get(d.source)!;
        const client = apiClient(sourceApiUrl(source));
        const remote = await getSkill(client, source.registry, d.slug);
        if (!remote) throw new CliError("NOT_FOUND", `${source.registry}/${d.slug} no longer exists on ${client.apiUrl}.`);
        const local = (await readFolder(join(project.installDir, d.slug))) ?? [];
        const localBySha = new Map(local.map((f) => [f.sha256, f.bytes]));
        const wanted = remote.files.filter((f) => !localBySha.has(f.sha256));
        const fetched = new Map<string, Buffer>();
        if (wanted.length > 0) await downloadBlobs(client, wanted, (sha256, bytes) => void fetched.set(sha256, bytes));
        const before = new Map(remote.files.map((f) => [f.path, localBySha.get(f.sha256) ?? fetched.get(f.sha256)!]));
        const after = new Map(local.map((f) => [f.path, f.bytes]));
        const files = diffFolders(before, after, { before: `${source.registry} v${remote.version}`, after: "local" });
        const locked = project.lock?.skills.find((s) => s.slug === d.slug)?.version ?? null;
        return { slug: d.slug, registry: source.registry, locked_version: locked, remote_version: remote.version, changed: files.length > 0, files };
      }),
    ).finally(() => spin.stop());
    if (options.json) {
      printJson({ skills: results });
      return;
    }
    for (const result of results) {
      if (!result.changed) {
        print(color.dim(`${result.slug}: same as ${result.registry} v${result.remote_version}`));
        continue;
      }
      print(color.bold(`${result.slug}: local folder vs ${result.registry} v${result.remote_version}`));
      for (const file of result.files) printFile(file);
    }
  });

function printFile(file: FileDiff): void {
  if (file.binary) {
    print(`Binary file ${file.path} ${file.status === "modified" ? "differs" : file.status === "added" ? "added locally" : "removed locally"}`);
    return;
  }
  for (const line of file.patch.replace(/\n$/, "").split("\n")) {
    if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("====")) print(color.bold(line));
    else if (line.startsWith("+")) print(color.green(line));
    else if (line.startsWith("-")) print(color.red(line));
    else if (line.startsWith("@@")) print(color.cyan(line));
    else print(line);
  }
}
