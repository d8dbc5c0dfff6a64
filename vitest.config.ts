import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Engine suites share loopback servers; files run in parallel but each uses its own schema.
    pool: 'forks',
    reporters: ['default'],
  },
});
