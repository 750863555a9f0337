import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const FUNCTIONS = [
  { name: 'ingest', entry: 'functions/ingest/handler.ts' },
  { name: 'planner', entry: 'functions/notify/planner-handler.ts' },
  { name: 'due', entry: 'functions/notify/due-handler.ts' },
  { name: 'sender', entry: 'functions/notify/sender-handler.ts' },
  { name: 'bot', entry: 'functions/bot/handler.ts' },
];
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);

export interface ColdStartFigure {
  name: string;
  bundleKiB: number;
  importMsMedian: number;
}

/** An environment the handlers' configuration accepts; nothing is called at import. */
const ENV = {
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
  BOT_INFO: JSON.stringify({ id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot' }),
  SUPPORT_CONTACT: '@bench_support',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

/**
 * Per function: the minified bundle Lambda loads (AWS SDK inside) and the median time a fresh Node process takes to
 * import it — the part of a cold start that is ours (Lambda's own init and the first network calls come on top).
 */
export async function runColdStartBench(): Promise<ColdStartFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  const figures: ColdStartFigure[] = [];
  for (const fn of FUNCTIONS) {
    const outfile = join(dir, `${fn.name.split(' ')[0]}.mjs`);
    const result = await build({
      entryPoints: [fn.entry],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      outfile,
      banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
      logLevel: 'silent',
      metafile: true,
    });
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    // The Fluent files the notify and bot bundles read at start, next to the bundle as the CDK app copies them.
    for (const language of ['kk', 'ru'])
      writeFileSync(join(dir, `${language}.ftl`), execFileSync('cat', [`shared/messages/${language}.ftl`]));
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `const t=performance.now();await import(${JSON.stringify(outfile)});process.stdout.write(String(performance.now()-t));`,
    );
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      times.push(
        Number(
          execFileSync(process.execPath, ['--no-warnings', probe], {
            env: { ...process.env, ...ENV },
            encoding: 'utf8',
          }),
        ),
      );
    }
    times.sort((a, b) => a - b);
    figures.push({
      name: fn.name,
      bundleKiB: Math.round(bytes / 1024),
      importMsMedian: +(times[Math.floor(times.length / 2)] ?? 0).toFixed(1),
    });
  }
  return figures;
}
