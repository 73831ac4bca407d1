/**
 * Wire shape of a security-scan finding: what the scan of a skill folder
 * (`../scan/`) reports, as the CLI prints it and as a server stores and
 * returns it per version. `rule` is a plain string on the wire so a client
 * keeps reading answers when a newer server adds a rule.
 */
import * as z from "zod/mini";

/** How bad a finding is, lowest first; `high` and above is what a registry may hold for review or refuse. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
/** One of `SEVERITIES`. */
export type Severity = (typeof SEVERITIES)[number];

/** One reason to look twice at a skill. */
export const scanFinding = z.object({
  /** Stable rule id, e.g. `shell-tool`, `secret`, `hidden-unicode-tag`. */
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  /** Path of the file inside the skill folder. */
  file: z.string(),
  /** 1-based line the finding is on (1 for findings about a whole file). */
  line: z.number().check(z.int(), z.positive()),
  /** A short piece of that line: hidden characters shown as `\u{…}` escapes, secrets redacted; empty when no text applies. */
  excerpt: z.string(),
  /** One sentence naming the file and what was found. */
  message: z.string(),
});
/** A finding as sent and received. */
export type ScanFinding = z.output<typeof scanFinding>;
