import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./__tests__/support/sequencer";

export default defineConfig({
  test: {
    globals: true,
    include: ["__tests__/**/*.test.ts"],
    setupFiles: ["__tests__/support/setup-matchers.ts"],
    globalSetup: ["__tests__/support/global-setup.ts"],
    // Terraform runs are the slow part; they share one synth, one init per stack
    // folder and one provider cache prepared by the global setup.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    sequence: { sequencer: LongestFirstSequencer },
    pool: "forks",
    maxWorkers: 2,
    // Files share a worker's module cache: the CDK and provider bindings load once per
    // worker, not once per file (about 40 s of CPU). No test mocks modules or mutates
    // process state, so nothing leaks from one file into another.
    isolate: false,
  },
});
