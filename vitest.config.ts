import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };

// The local stack's tests that need no Postgres: they run with the unit tests.
const PURE_STACK_TESTS = [
  "packages/supabase-local/src/keys.test.ts",
  "packages/supabase-local/src/realtime/authorization/jwt.test.ts",
  "packages/supabase-local/src/realtime/protocol/serializer.test.ts",
  "packages/supabase-local/src/gen/generators.test.ts",
  "packages/supabase-local/src/auth/token-bucket.test.ts",
  "packages/supabase-local/src/auth/env-settings.test.ts",
];

// Tests by kind: `unit` (pure and jsdom, no Postgres, seconds), `db` (the schema's behaviour in
// supabase/tests), `stack` (the local stack and the app's system tests: services, faults).
// `db` and `stack` each start one throwaway Postgres for their run; each test file gets its own
// database cloned from a template migrated with the project's supabase/migrations.
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["components/**/*.test.{ts,tsx}", "lib/**/*.test.{ts,tsx}", "app/**/*.test.{ts,tsx}", ...PURE_STACK_TESTS],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["supabase/tests/**/*.test.ts"],
          globalSetup: ["supabase/tests/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "stack",
          include: ["packages/supabase-local/src/**/*.test.ts", "tests/system/**/*.test.ts"],
          exclude: PURE_STACK_TESTS,
          globalSetup: ["packages/supabase-local/src/testing/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
