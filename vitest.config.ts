import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A focused test in CI would silently skip the rest of the suite.
    allowOnly: false,
    // No notice from the AWS SDK that its 2027 releases need Node ≥ 22 (shown when vitest runs on Node 20).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The handlers' JSON logs and EMF metrics stay off the terminal (LOG_LEVEL=… shows them: test/setup/quiet-output.ts);
    // every test file still fails if any line it caused carries an IIN or a phone (test/helpers/privacy-guard.ts,
    // which wraps the quiet writer and so reads every line). The log level itself is not lowered: the guard needs them.
    setupFiles: ['test/setup/quiet-output.ts', 'test/helpers/privacy-guard.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // CDK assertions and cdk-nag on the synthesised stack (bundling skipped; `cdk synth` in CI bundles for real).
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 60_000 } },
      {
        extends: true,
        test: {
          // Fault injection; reduced size in `npm test`, full size with `npm run test:reliability`.
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          globalSetup: ['test/integration/dynamodb-global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Starts DynamoDB Local on 127.0.0.1 once for the run and stops it after.
          globalSetup: ['test/integration/dynamodb-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
