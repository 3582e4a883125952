import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,services,web,electron,renderer,demo,scripts,stack,testing,lint}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real Prometheus/Alertmanager; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
