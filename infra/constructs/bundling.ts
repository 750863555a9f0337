import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled: a minified ESM bundle with source maps and the AWS SDK inside; functions that render
 * messages get the Fluent files copied next to the bundle.
 */
export function bundling(withMessages: boolean): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: 'node24',
    minify: true,
    sourceMap: true,
    // ESM bundles of CommonJS dependencies need `require`.
    banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
    externalModules: [],
    ...(withMessages
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) => [
              `cp ${inputDir}/shared/messages/kk.ftl ${inputDir}/shared/messages/ru.ftl ${outputDir}/`,
            ],
          },
        }
      : {}),
  };
}
