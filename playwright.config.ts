import { defineConfig } from '@playwright/test'

const electron = process.env.VIGIL_E2E_TARGET === 'electron'

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Specs named headless-* exercise what only the headless host has (REST, tokens, cookies).
  testIgnore: electron ? '**/headless-*.spec.ts' : [],
  // One at a time to start: each test runs its own host and browser on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One retry, reported as "flaky" in the summary, never as passed: triggers-builder-keys has an
  // intermittent race (a boolean field's default value, 1 run in about 5 on a busy machine) that
  // is being chased; a retry keeps it visible without failing the whole suite on it.
  retries: 1,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
