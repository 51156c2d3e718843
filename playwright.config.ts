import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // no retries: a test that needs one is flaky, and is fixed instead
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // stops the e2e stack even if the web server below was killed before it could
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: BASE_URL,
    screenshot: "on",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Playwright cannot download its own browser on our machines: use Debian's chromium.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // Its own local Supabase stack (temporary folder, free ports: never the developer's data), then
    // the production build against it (`next build` + `next start`), as users get it.
    command: "npx tsx e2e/serve.ts",
    url: `${BASE_URL}/login`,
    // always our own server: a stale one would talk to a stack that no longer exists
    reuseExistingServer: false,
    // a busy machine builds slowly: E2E_SERVER_TIMEOUT_MS gives the build and the stack longer
    timeout: Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 300_000),
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: { E2E_APP_PORT: String(PORT), NEXT_TELEMETRY_DISABLED: "1" },
  },
});
