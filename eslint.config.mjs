// ESLint: Next.js's flat config (core web vitals, with the React and React hooks rules) and its
// TypeScript rules, as the official with-supabase template ships; Prettier owns formatting.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    ".next-bench/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    ".local-stack/**",
    "bench/results/**",
  ]),
  {
    // Playwright's fixtures call their continuation `use`, which is not React's hook
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      // `_name` marks a parameter or binding that is there on purpose
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
]);
