/** `skills info <ref>`: a skill's metadata, version history, maintainers and open issue count. */
import { Command } from "@commander-js/extra-typings";
import { color, columns, print, printJson, spinner } from "../lib/terminal/output.ts";
import { examples, jsonOption } from "./options.ts";

/**
 * The `info` command. JSON: `{ registry, slug, name, description, version, tags, compat, metadata,
 * created_by, created_at: string|null, maintainers, updated_at, installed: string|null, open_issues: number|null,
 * files: [{ path, size, executable }], versions: [{ version, published_by, created_at, changelog }] }`.
 */
export const command = new Command("info")
  .description("show a skill's metadata, versions and maintainers")
  .argument("<ref>", "<slug>, <registry>/<slug> or <source>/<slug>")
  .addOption(jsonOption())
  .addHelpText("after", examples("skills info supabase-edge"))
  .action(async (ref, options) => {
    const { findSkill } = await import("../lib/skill/find.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { listVersions } = await import("../lib/http/api/versions.ts");
    const { openIssueCount } = await import("../lib/http/api/issues.ts");
    const { findProject } = await import("../lib/project/project.ts");
    const spin = await spinner(`Looking up ${ref}`);
    const { skill, versions, openIssues, installed } = await (async () => {
      const { apiUrl, skill } = await findSkill(ref);
      const client = apiClient(apiUrl);
      const [versions, openIssues, project] = await Promise.all([
        listVersions(client, skill.registry, skill.slug),
        openIssueCount(client, skill.registry, skill.slug),
        findProject(),
      ]);
      const installed = project?.lock?.skills.find((s) => s.slug === skill.slug && s.registry === skill.registry)?.version ?? null;
      return { skill, versions, openIssues, installed };
    })().finally(() => spin.stop());
    const data = {
      registry: skill.registry,
      slug: skill.slug,
      name: skill.name,
      description: skill.description,
      version: skill.version,
      tags: skill.tags,
      compat: skill.compat,
      metadata: skill.metadata,
      created_by: skill.created_by,
      created_at: skill.created_at ?? null,
      maintainers: skill.maintainers,
      updated_at: skill.updated_at,
      installed,
      open_issues: openIssues,
      files: skill.files.map((f) => ({ path: f.path, size: f.size, executable: f.executable })),
      versions: versions.map((v) => ({ version: v.version, published_by: v.published_by, created_at: v.created_at, changelog: v.changelog })),
    };
    if (options.json) {
      printJson(data);
      return;
    }
    const size = skill.files.reduce((n, f) => n + f.size, 0);
    print(`${color.bold(`${skill.registry}/${skill.slug}`)} v${skill.version}${installed ? ` (installed: v${installed})` : ""}`);
    if (skill.description) print(skill.description);
    print();
    const rows: string[][] = [
      ["Name", skill.name],
      ["Tags", skill.tags.join(", ") || "-"],
      ["Compatibility", skill.compat.join(", ") || "-"],
      ["Maintainers", skill.maintainers.join(", ") || "-"],
      ["Created by", skill.created_by ?? "-"],
      ["Created", skill.created_at?.slice(0, 10) ?? "-"],
      ["Updated", skill.updated_at],
      ["Files", `${skill.files.length} (${(size / 1024).toFixed(1)} KB)`],
    ];
    if (openIssues !== null) rows.push(["Open issues", String(openIssues)]);
    for (const line of columns(rows)) print(line);
    print();
    print("Versions:");
    for (const line of columns(versions.map((v) => [`  v${v.version}`, v.created_at.slice(0, 10), v.published_by ?? "-", v.changelog ?? ""]))) print(line);
  });
