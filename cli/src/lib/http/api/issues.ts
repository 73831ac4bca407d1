/** The issue reports of a skill, as far as the CLI reads them. */
import { CliError } from "../../errors.ts";
import type { ApiClient } from "../client.ts";
import { skillPath } from "./skills.ts";
import { issueListResponse } from "../../../../../supabase/functions/_shared/wire/issues.ts";

/**
 * The number of open issue reports of a skill, or null when the caller may not read them
 * (only maintainers and admins can) or the server has no issues route.
 */
export async function openIssueCount(client: ApiClient, registry: string, slug: string): Promise<number | null> {
  try {
    return (await client.request("GET", `${skillPath(registry, slug)}/issues`, issueListResponse)).open_count;
  } catch (error) {
    if (error instanceof CliError && (error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}
