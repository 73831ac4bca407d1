import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["cli/test/**/*.test.ts", "supabase/tests/unit/**/*.test.ts"],
          exclude: ["cli/test/e2e/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["supabase/tests/**/*.test.ts", "cli/test/e2e/**/*.test.ts"],
          exclude: ["supabase/tests/unit/**"],
          globalSetup: ["supabase/tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores and shared servers: run files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
