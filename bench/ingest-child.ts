import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ingestLambda, ingestWiring } from '../functions/ingest/wiring';
import { HmacIdentity } from '../shared/adapters/identity';
import { putFloor, putVariants } from './put-floor';
import { type BenchMessage, mixedEventStream } from './scenarios';

/**
 * The ingest bench's measured process (started by bench/ingest.ts with `--expose-gc` and its stdout on a pipe): the
 * deployed wiring — `functions/ingest/wiring.ts`, Powertools Logger and Metrics writing to stdout at the production
 * level, the real SQS client against the local fake, Secrets Manager through the fake — and the bare `PutItem` floor,
 * in one process so their CPU compares. Results are numbers only, sent to the parent over IPC.
 */
export interface ChildInput {
  tables: { floor: string; payments: string; mixed: string; counted: string };
  identitySecret: string;
  arnOf: Record<string, string>;
  events: number;
  countedEvents: number;
  batchSize: number;
  concurrency: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
const context = {
  functionName: 'ingest',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

function eventOf(messages: readonly BenchMessage[], offset: number): SQSEvent {
  return {
    Records: messages.map(({ body, queue }, i) => ({
      messageId: `m-${offset + i}`,
      receiptHandle: 'rh',
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'bench',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: input.arnOf[queue] as string,
      awsRegion: 'local',
    })),
  };
}

function lambdaFor(table: string) {
  const wiring = ingestWiring({ ...process.env, TABLE_NAME: table });
  return { wiring, handler: ingestLambda(wiring) as (e: SQSEvent, c: Context) => Promise<SQSBatchResponse> };
}

/**
 * Batches of the stream through `concurrency` instances of the handler, each built as a cold start builds it and each
 * taking one batch at a time like a Lambda instance (own logger, own metrics flush); CPU µs per event.
 */
async function ingestPass(table: string, stream: readonly BenchMessage[]) {
  const instances = Array.from({ length: input.concurrency }, () => lambdaFor(table).handler);
  // The cold start (secret fetch, first-request setup) is not the steady state: one event each before the clock starts.
  for (const [i, handler] of instances.entries()) await handler(eventOf(stream.slice(i, i + 1), -1 - i), context);
  let failures = 0;
  let next = 0;
  const batches = Math.ceil(stream.length / input.batchSize);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    instances.map(async (handler) => {
      for (let b = next++; b < batches; b = next++) {
        const start = b * input.batchSize;
        const result = await handler(eventOf(stream.slice(start, start + input.batchSize), start), context);
        failures += result.batchItemFailures.length;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  return { cpuPerEvent: (cpu.user + cpu.system) / stream.length, eventsPerSecond: stream.length / seconds, failures };
}

/** One event per invocation, one at a time: every request the handler makes is that event's, by type. */
async function countedPass(table: string, stream: readonly BenchMessage[]) {
  const { wiring, handler } = lambdaFor(table);
  let kind = 'cold start';
  const perKind: Record<string, { events: number; reads: number; writes: number; sqs: number }> = {};
  const bucket = () => {
    const counts = perKind[kind] ?? { events: 0, reads: 0, writes: 0, sqs: 0 };
    perKind[kind] = counts;
    return counts;
  };
  const countRequests =
    (field: 'dynamo' | 'sqs') =>
    (next: (args: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
    async (args: unknown) => {
      const counts = bucket();
      if (field === 'sqs') counts.sqs += 1;
      else if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(String(ctx.commandName))) counts.writes += 1;
      else counts.reads += 1;
      return next(args);
    };
  for (const client of [wiring.dynamo, wiring.documents]) {
    client.middlewareStack.add(countRequests('dynamo') as never, { step: 'initialize', name: 'benchCounter' });
  }
  wiring.sqs.middlewareStack.add(countRequests('sqs') as never, { step: 'initialize', name: 'benchCounter' });
  for (const [i, message] of stream.entries()) {
    kind = message.kind;
    bucket().events += 1;
    await handler(eventOf([message], i), context);
  }
  delete perKind['cold start'];
  return perKind;
}

const MiB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main() {
  const identity = new HmacIdentity(input.identitySecret);
  const payments = mixedEventStream(input.events, { paymentsOnly: true });
  const mixed = mixedEventStream(input.events);
  const half = payments.slice(0, Math.ceil(payments.length / 2));
  // Warm the SDK and JIT for the floor too, then floor / ingest / floor so load drifts hit both alike.
  await putFloor(input.tables.floor, payments.slice(0, 500), identity, input.concurrency);
  const floorA = await putFloor(input.tables.floor, half, identity, input.concurrency);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 10);
  const paymentsPass = await ingestPass(input.tables.payments, payments);
  const mixedPass = await ingestPass(input.tables.mixed, mixed);
  clearInterval(sampler);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const floorB = await putFloor(input.tables.floor, half, identity, input.concurrency);
  const variants = await putVariants(input.tables.floor, payments.slice(0, 2_000), identity, input.concurrency);
  const requests = await countedPass(input.tables.counted, mixed.slice(0, input.countedEvents));
  process.send?.({
    floorCpu: (floorA + floorB) / 2,
    paymentsPass,
    mixedPass,
    variants,
    requests,
    memory: {
      heapPeakDeltaMiB: (heapPeak - heapBefore) / MiB,
      heapRetainedDeltaMiB: (heapAfter - heapBefore) / MiB,
      rssPeakMiB: process.resourceUsage().maxRSS / 1024,
    },
  });
}

await main();
