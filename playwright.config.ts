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
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
