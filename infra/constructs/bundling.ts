import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Packages replaced in every Lambda bundle (docs/architecture.md, "Bundles"):
 * - `grammy` by its web build, which calls the global `fetch` (Node ≥ 18) instead of node-fetch → whatwg-url → tr46
 *   (~300 KiB). esbuild's alias also maps subpaths (`grammy/types` would become `grammy/web/types`, which does not
 *   exist): product code imports only `grammy` at run time, and a build that breaks this fails loudly.
 * - `@aws-sdk/credential-provider-node` by the environment-only provider Lambda needs (infra/bundle-aliases/).
 * Paths are relative to the project root, where the CDK app and the bench run esbuild.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  grammy: 'grammy/web',
  '@aws-sdk/credential-provider-node': './infra/bundle-aliases/lambda-credentials.ts',
};

/**
 * The esbuild options every function is bundled with, in one place so the cold-start bench builds exactly what the
 * CDK app deploys. `mainFields` puts `module` first: without it esbuild takes the CommonJS builds of the AWS SDK and
 * Powertools, which do not tree-shake (~220 KiB more per bundle). Source maps are written next to the bundle without
 * the sources inside (the repository has them); functions run without `--enable-source-maps`, which costs every cold
 * start (docs/architecture.md, "Bundles"): a minified stack trace is mapped offline with the asset's `index.mjs.map`.
 */
export const BUNDLE_OPTIONS = {
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: ['module', 'main'],
  sourcemap: true,
  sourcesContent: false,
  // ESM bundles of CommonJS dependencies need `require`.
  banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
  alias: BUNDLE_ALIASES,
} as const;

/**
 * How every function is bundled with `BUNDLE_OPTIONS` (AWS SDK inside); functions that render messages get the
 * Fluent files copied next to the bundle.
 */
export function bundling(withMessages: boolean): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: BUNDLE_OPTIONS.target,
    minify: BUNDLE_OPTIONS.minify,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    sourceMap: BUNDLE_OPTIONS.sourcemap,
    sourcesContent: BUNDLE_OPTIONS.sourcesContent,
    banner: BUNDLE_OPTIONS.banner,
    externalModules: [],
    esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`) },
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
