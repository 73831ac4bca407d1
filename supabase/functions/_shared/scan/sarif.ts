/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) from scan
 * findings, for code-scanning tools (GitHub code scanning, IDE viewers):
 * one run whose driver lists every rule of `RULES`, and one result per
 * finding located at a path relative to the repository root. Pure.
 */
import type { Severity } from "../wire/scan.ts";
import { RULES, type Finding, type RuleId } from "./rules.ts";

/** The SARIF version written, and the schema it is checked against. */
export const SARIF_VERSION = "2.1.0";
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** SARIF's `level`, from a severity: `high` and above are errors. */
const LEVEL: Readonly<Record<Severity, SarifLevel>> = { critical: "error", high: "error", medium: "warning", low: "note" };
/** GitHub's `security-severity` (a CVSS-like score) ranks alerts as critical ≥ 9, high ≥ 7, medium ≥ 4, low below. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

type SarifLevel = "error" | "warning" | "note";

/** The part of a SARIF log this module writes. */
export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: [
    {
      tool: {
        driver: {
          name: string;
          version: string;
          informationUri?: string;
          rules: {
            id: RuleId;
            shortDescription: { text: string };
            defaultConfiguration: { level: SarifLevel };
            properties: { "security-severity": string; tags: string[] };
          }[];
        };
      };
      results: {
        ruleId: RuleId;
        ruleIndex: number;
        level: SarifLevel;
        message: { text: string };
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region: { startLine: number; snippet?: { text: string } };
          };
        }[];
        properties: { severity: Severity };
      }[];
    },
  ];
}

/** A finding and the path of its file relative to the repository root (`/`-separated). */
export interface LocatedFinding {
  finding: Finding;
  path: string;
}

/**
 * The SARIF log of `findings`, written by tool `tool` (its name, version and home page).
 * Paths become relative URIs (each segment percent-encoded), lines stay 1-based.
 */
export function toSarif(tool: { name: string; version: string; informationUri?: string }, findings: readonly LocatedFinding[]): SarifLog {
  const ids = Object.keys(RULES) as RuleId[];
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            ...tool,
            rules: ids.map((id) => ({
              id,
              shortDescription: { text: RULES[id].summary },
              defaultConfiguration: { level: LEVEL[RULES[id].severity] },
              properties: { "security-severity": SECURITY_SEVERITY[RULES[id].severity], tags: ["security"] },
            })),
          },
        },
        results: findings.map(({ finding, path }) => ({
          ruleId: finding.rule,
          ruleIndex: ids.indexOf(finding.rule),
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path.split("/").map(encodeURIComponent).join("/") },
                region: { startLine: finding.line, ...(finding.excerpt ? { snippet: { text: finding.excerpt } } : {}) },
              },
            },
          ],
          properties: { severity: finding.severity },
        })),
      },
    ],
  };
}
