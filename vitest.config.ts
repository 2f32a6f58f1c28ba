import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2-core CI machine: two files at a time keeps PostgreSQL and Redis responsive.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: ['test/**/*.test.ts'], exclude: ['test/processes/**', 'test/faults/**', 'test/security-heavy/**'], sequence: { groupOrder: 0 } }
      },
      {
        // Tests that spawn real service processes and time them run after the rest, one file at a time,
        // so their start-up figures are not skewed by the other test files competing for the two cores.
        extends: true,
        test: { name: 'processes', include: ['test/processes/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } }
      },
      {
        // Fault injection (security.md §7): servers of the tests' own are stopped and broken. `npm run test:faults`.
        extends: true,
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 2 } }
      },
      {
        // Security scenarios at full volume and the timing-sensitive ones (security.md §7 S9, S14, S15, S20):
        // one file at a time so timings are not skewed by other files. `npm run test:security`.
        extends: true,
        test: { name: 'security-heavy', include: ['test/security-heavy/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 3 } }
      }
    ]
  }
})
