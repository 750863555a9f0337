import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A focused test in CI would silently skip the rest of the suite.
    allowOnly: false,
  },
});
