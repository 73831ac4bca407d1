/**
 * `skills audit [--json | --sarif]`: the security findings of every
 * installed skill, read from the folders under the install path (no network,
 * nothing written), grouped per skill with their severity; `--sarif` writes
 * SARIF 2.1.0 for code-scanning tools. Exit 1 when a finding is of severity
 * high or above, so CI can gate on it.
 */
import { Command, Option } from "@commander-js/extra-typings";
import { CliError, usageError } from "../lib/errors.ts";
import { color, columns, print, printJson } from "../lib/terminal/output.ts";
import type { AuditedSkill } from "../lib/skill/audit.ts";
import { examples, jsonOption } from "./options.ts";

/**
 * The `audit` command. JSON: `{ ok: boolean, skills: [{ slug, registry, version, folder, installed,
 * findings: [{ rule, severity, file, line, excerpt, message }] }] }`; `ok` is false when a finding is high or critical.
 */
export const command = new Command("audit")
  .description("scan the installed skills for security findings (exit 1 on any of severity high or above)")
  .addOption(jsonOption())
  .addOption(new Option("--sarif", "print SARIF 2.1.0 JSON for code-scanning tools"))
  .addHelpText(
    "after",
    examples("skills audit", "skills audit --sarif > skills.sarif") +
      "\n\nSeverities: low, medium, high, critical. Exit code 0 when no finding is high or critical, 1 otherwise.",
  )
  .action(async (options) => {
    if (options.json && options.sarif) throw usageError("Choose one of --json and --sarif.");
    const { auditProject } = await import("../lib/skill/audit.ts");
    const { atLeast } = await import("../lib/skill/security.ts");
    const { loadProject } = await import("../lib/project/project.ts");
    const audited = await auditProject(await loadProject());
    const serious = audited.flatMap((s) => s.findings).filter((f) => atLeast(f.severity, "high")).length;
    if (options.sarif) {
      const { toSarif } = await import("../../../supabase/functions/_shared/scan/sarif.ts");
      const { VERSION } = await import("../version.ts");
      const located = audited.flatMap((s) => s.findings.map((finding) => ({ finding, path: `${s.folder}/${finding.file}` })));
      printJson(toSarif({ name: "skills", version: VERSION }, located));
    } else if (options.json) printJson({ ok: serious === 0, skills: audited });
    else printReport(audited);
    if (serious > 0) {
      throw new CliError("FAILED", `${serious} finding(s) of severity high or above. Review those skills, then remove them (\`skills remove <skill>\`) or accept the risk.`);
    }
  });

/** The findings skill by skill, then a one-line summary. */
function printReport(audited: readonly AuditedSkill[]): void {
  if (audited.length === 0) {
    print("No skills installed (no .skills.lock yet). Run `skills sync` first.");
    return;
  }
  const counts = new Map<string, number>();
  for (const skill of audited) {
    const title = `${color.bold(skill.slug)} v${skill.version} (${skill.folder})`;
    if (!skill.installed) {
      print(`${title}: not installed; run \`skills sync\``);
      continue;
    }
    if (skill.findings.length === 0) {
      print(`${title}: no findings`);
      continue;
    }
    print(`${title}: ${plural(skill.findings.length, "finding")}`);
    const rows = skill.findings.map((f) => [f.rule, `${f.file}:${f.line}`, f.message]);
    for (const [i, line] of columns(rows).entries()) {
      // Padded before it is coloured: colour codes would throw the columns off.
      print(`  ${paint(skill.findings[i]!.severity.padEnd(10))}${line}`);
      const excerpt = skill.findings[i]!.excerpt;
      if (excerpt) print(color.dim(`${" ".repeat(12)}${excerpt}`));
    }
    for (const f of skill.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const flagged = audited.filter((s) => s.findings.length > 0).length;
  const bySeverity = (["critical", "high", "medium", "low"] as const).filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  print();
  print(total === 0 ? `No findings in ${plural(audited.length, "skill")}.` : `${plural(total, "finding")} in ${flagged} of ${plural(audited.length, "skill")}: ${bySeverity.join(", ")}.`);
}

/** `label` (a padded severity) in red for high and above, yellow for medium. */
function paint(label: string): string {
  const severity = label.trim();
  return severity === "critical" || severity === "high" ? color.red(label) : severity === "medium" ? color.yellow(label) : label;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
