import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Terminal tests spawn the built CLI and a simulator; two cores are all we have.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
