import { describe, expect, it } from "vitest";
import { apiError } from "../src/lib/errors.ts";
import type { ApiClient, RequestOptions } from "../src/lib/http/client.ts";
import { publishVersion } from "../src/lib/http/api/versions.ts";

/** A client whose every request is answered with `status` and `body`, as the server would. */
const answering = (status: number, body: { error: Record<string, unknown> }) =>
  ({
    request: async (_method: string, _path: string, _schema: unknown, options: RequestOptions = {}) => {
      throw apiError(status, String(body.error.message), options.messages, undefined, body);
    },
  }) as unknown as ApiClient;

describe("publishVersion's refusals", () => {
  it("a 409 naming a newer latest than the base says what to run next", async () => {
    const client = answering(409, { error: { code: "CONFLICT", message: "'x' is at 1.0.1, and this publish is based on 1.0.0", latest: "1.0.1", base: "1.0.0" } });
    await expect(publishVersion(client, "kove-inc", "x", { version: "1.0.1", files: [] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "kove-inc/x is at 1.0.1, your folder is based on 1.0.0: run `skills diff x` and `skills update x`, or push with `--force`. Nothing was published.",
    });
  });

  it("any other 409 keeps the server's words", async () => {
    const client = answering(409, { error: { code: "CONFLICT", message: "Version 1.0.1 is not greater than the latest version 1.0.1" } });
    await expect(publishVersion(client, "kove-inc", "x", { version: "1.0.1", files: [] })).rejects.toMatchObject({
      message: "Version 1.0.1 is not greater than the latest version 1.0.1",
    });
  });
});
