import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  defaultProvider,
  LambdaCredentialsMissingError,
  lambdaEnvironmentCredentials,
} from '../../infra/bundle-aliases/lambda-credentials';
import { BUNDLE_OPTIONS, bundling } from '../../infra/constructs/bundling';
import { HouseFunction } from '../../infra/constructs/house-function';
import { resources, synth } from './synth';

const { stack, template } = synth('prod');
const houseFunctions = stack.node.findAll().filter((c): c is HouseFunction => c instanceof HouseFunction);

/** The files esbuild puts into the function's bundle with the CDK app's options (nothing is written). */
async function bundleInputs(entry: string): Promise<string[]> {
  const { banner, mainFields, alias, sourcemap: _, ...rest } = BUNDLE_OPTIONS;
  const result = await build({
    ...rest,
    mainFields: [...mainFields],
    alias: { ...alias },
    banner: { js: banner },
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: 'index.mjs',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('function bundles (docs/architecture.md, "Bundles")', () => {
  it('starts every function without --enable-source-maps, which costs each cold start', () => {
    const functions = resources(template, 'AWS::Lambda::Function').filter(
      (fn) => (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
    );
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const fn of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(String(variables.NODE_OPTIONS ?? '')).not.toContain('--enable-source-maps');
    }
  });

  it('bundles ESM builds, the fetch build of grammY and the environment credentials into every function', () => {
    const options = bundling(false);
    expect(options.mainFields).toEqual(['module', 'main']);
    expect(options.sourcesContent).toBe(false);
    expect(options.externalModules).toEqual([]);
    expect(options.esbuildArgs?.['--alias']).toEqual([
      'grammy=grammy/web',
      '@aws-sdk/credential-provider-node=./infra/bundle-aliases/lambda-credentials.ts',
    ]);
  });

  it.each(['ingest', 'sender', 'bot'])(
    'keeps node-fetch, tr46, the X-Ray SDK, the CommonJS AWS SDK and the unused credential chain out of the %s bundle',
    async (name) => {
      const fn = houseFunctions.find((f) => f.entry.includes(name === 'bot' ? 'functions/bot/' : `${name}`));
      expect(fn).toBeDefined();
      const inputs = await bundleInputs(fn?.entry ?? '');
      const forbidden = inputs.filter((input) =>
        /node_modules\/(node-fetch|tr46|whatwg-url|aws-xray-sdk[^/]*|@aws-sdk\/(nested-clients|credential-provider-node))\//.test(
          input,
        ),
      );
      expect(forbidden).toEqual([]);
      expect(inputs.filter((input) => /node_modules\/@aws-sdk\/[^/]+\/dist-cjs\//.test(input))).toEqual([]);
      expect(inputs.filter((input) => input.includes('node_modules/grammy/') && !input.endsWith('web.mjs'))).toEqual(
        [],
      );
      expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/dist-es/'))).toBe(true);
    },
    30_000,
  );
});

describe('the credentials a Lambda bundle signs with', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };

  it("reads the role's credentials Lambda puts in the environment", () => {
    expect(lambdaEnvironmentCredentials({ ...env, AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z' })).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date('2030-01-01T00:00:00Z'),
    });
  });

  it('names the missing variable instead of falling back to another source', () => {
    expect(() => lambdaEnvironmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })).toThrow(
      expect.objectContaining({ name: 'LambdaCredentialsMissingError', variable: 'AWS_SECRET_ACCESS_KEY' }),
    );
    expect(() => lambdaEnvironmentCredentials({})).toThrow(LambdaCredentialsMissingError);
  });

  it('is a provider the SDK can call: the default provider reads the process environment when asked', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, env);
      const provider = defaultProvider({ profile: undefined });
      expect(await provider()).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', sessionToken: 'token' });
    } finally {
      process.env = saved;
    }
  });
});
