import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: every figure we publish, with the machine it ran on, as a table on stdout and as JSON in
 * `bench/results/latest.json`. Nothing here is asserted by a test. `BENCH_ONLY=domain|ingest|notify|bot|cold|sweep` runs
 * one part.
 */
const only = process.env.BENCH_ONLY;
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
console.log(`benchmarks on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}`);

const report: Record<string, unknown> = { measuredAt: new Date().toISOString(), machine };

if (!only || only === 'domain') {
  const domain = await (await import('./domain')).runDomainBench();
  report.domain = domain;
  console.log('\ndomain core (ns/op, warm)');
  console.table(Object.fromEntries(domain.map((r) => [r.name, { 'ns/op': r.nsPerOp, 'ops/s': r.opsPerSecond }])));
}

if (!only || only === 'ingest') {
  const ingest = await (await import('./ingest')).runIngestBench();
  report.ingest = ingest;
  console.log(
    `\ningest as deployed (functions/ingest/wiring.ts; Powertools Logger at ${ingest.logLevel} and Metrics on a pipe, ` +
      `changes to a local SQS fake through @aws-sdk/client-sqs, DynamoDB Local), ${ingest.events} events per pass in ` +
      `batches of ${ingest.batchSize}, ${ingest.concurrency} invocations in flight:\n` +
      `  payment event ${ingest.cpuMicrosecondsPerPaymentEvent} µs CPU vs bare PutItem floor ${ingest.floorCpuMicrosecondsPerPut} µs ` +
      `→ ${ingest.paymentRatioToFloor}× (target ≤ 1.3×); mixed stream ${ingest.cpuMicrosecondsPerMixedEvent} µs → ${ingest.mixedRatioToFloor}×\n` +
      `  events/s: payments ${ingest.eventsPerSecond.payments}, mixed ${ingest.eventsPerSecond.mixed}; ` +
      `handler heap +${ingest.memory.heapPeakDeltaMiB} MiB peak, +${ingest.memory.heapRetainedDeltaMiB} MiB retained, ` +
      `process RSS peak ${ingest.memory.rssPeakMiB} MiB; ${ingest.batchItemFailures} batch item failures\n` +
      `  SQS: ${ingest.sqsMessages} messages in ${JSON.stringify(ingest.sqsRequests)}; stdout+stderr ${ingest.stdoutLines} lines, ${ingest.stdoutKiB} KiB`,
  );
  console.log('hot put, CPU µs per put (same item, interleaved):', ingest.putVariantsMicroseconds);
  console.log('requests per event by type (one event per invocation; target: case events ≤ 2 DynamoDB requests)');
  console.table(ingest.requestsPerEvent);
}

if (!only || only === 'notify') {
  const notify = await (await import('./notify')).runNotifyBench();
  report.notify = notify;
  console.log(
    `\nnotify: ${notify.notifications} notifications (+${notify.redeliveredDuplicates} redelivered) to ${notify.chats} chats ` +
      `against the fake Bot API with Telegram's limits on: ${notify.messagesPerSecond} messages/s sustained over ${notify.seconds} s, ` +
      `${notify.telegram429} × 429, ${notify.duplicates} duplicates, ${notify.lost} lost`,
  );
  console.log(
    `coverage sweep: ${notify.coverageSweep.linkedChats} linked chats in ${notify.coverageSweep.seconds} s ` +
      `(${notify.coverageSweep.msPerChat} ms per chat), ${notify.coverageSweep.reminders} reminders queued`,
  );
}

if (!only || only === 'bot') {
  const bot = await (await import('./bot')).runBotBench();
  report.bot = bot;
  console.log(
    `\nbot webhook, in process, DynamoDB Local + fake Bot API (${bot.rounds} rounds after 20 warm-up): ` +
      `/status p50 ${bot.latencyMs.status.p50} ms, p99 ${bot.latencyMs.status.p99} ms; ` +
      `/case p50 ${bot.latencyMs.case.p50} ms, p99 ${bot.latencyMs.case.p99} ms; `,
  );
}

if (!only || only === 'cold') {
  // Prints its own table: KiB per function, median import ms, ratios to the one-client anchor built the same way.
  report.coldStart = await (await import('./cold-start')).runColdStartBench();
}

if (!only || only === 'sweep') {
  const { runSweepBench, describeSweepBench } = await import('./sweep');
  const sweep = await runSweepBench();
  report.sweep = sweep;
  console.log(`\n${describeSweepBench(sweep)}`);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
// One part (BENCH_ONLY) replaces its own section and keeps the others' last figures; `machine` and `measuredAt` are
// the latest run's, so a mixed file says so in `parts`.
const previous: Record<string, unknown> = only && existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
const parts = {
  ...((previous.parts as Record<string, unknown> | undefined) ?? {}),
  ...Object.fromEntries(
    Object.keys(report)
      .filter((key) => key !== 'measuredAt' && key !== 'machine')
      .map((key) => [key, { measuredAt: report.measuredAt, machine }]),
  ),
};
writeFileSync(out, `${JSON.stringify({ ...previous, ...report, parts }, null, 2)}\n`);
console.log(`report: ${out}`);
