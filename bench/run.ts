import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBotBench } from './bot';
import { runColdStartBench } from './cold-start';
import { runDomainBench } from './domain';
import { runIngestBench } from './ingest';
import { runNotifyBench } from './notify';

/**
 * `npm run bench`: every figure we publish, with the machine it ran on, as a table on stdout and as JSON in
 * `bench/results/latest.json`. Nothing here is asserted by a test. `BENCH_ONLY=domain|ingest|notify|bot|cold` runs one part.
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
  const domain = await runDomainBench();
  report.domain = domain;
  console.log('\ndomain core (ns/op, warm)');
  console.table(Object.fromEntries(domain.map((r) => [r.name, { 'ns/op': r.nsPerOp, 'ops/s': r.opsPerSecond }])));
}

if (!only || only === 'ingest') {
  const ingest = await runIngestBench();
  report.ingest = ingest;
  console.log(
    `\ningest: ${ingest.events} mixed events in batches of ${ingest.batchSize}, ${ingest.concurrency} at a time, into DynamoDB Local: ${ingest.eventsPerSecond} events/s, ` +
      `${ingest.cpuMicrosecondsPerEvent} µs CPU/event in this process incl. the AWS SDK (I/O waits excluded), ` +
      `${ingest.handlerCpuMicrosecondsPerEvent} µs CPU/event for the handler alone (in-memory store), peak RSS ${ingest.peakRssMiB} MiB, ` +
      `${ingest.deadLettered} dead-lettered`,
  );
  console.table(ingest.requestsPerEvent);
}

if (!only || only === 'notify') {
  const notify = await runNotifyBench();
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
  const bot = await runBotBench();
  report.bot = bot;
  console.log(
    `\nbot webhook, in process, DynamoDB Local + fake Bot API (${bot.rounds} rounds after 20 warm-up): ` +
      `/status p50 ${bot.latencyMs.status.p50} ms, p99 ${bot.latencyMs.status.p99} ms; ` +
      `/case p50 ${bot.latencyMs.case.p50} ms, p99 ${bot.latencyMs.case.p99} ms; ` +
      `bundle ${bot.bundle.kib} KiB minified (${bot.bundle.file}, AWS SDK included)`,
  );
}

if (!only || only === 'cold') {
  const cold = await runColdStartBench();
  report.coldStart = cold;
  console.log('\ncold start: minified bundle and median import time in a fresh Node process (20 runs)');
  console.table(
    Object.fromEntries(
      cold.map((c) => [c.name, { 'bundle KiB': c.bundleKiB, 'import ms (median)': c.importMsMedian }]),
    ),
  );
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`report: ${out}`);
