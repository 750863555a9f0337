import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createIngestRecordHandler } from '../functions/ingest/record-handler';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { HmacIdentity } from '../shared/adapters/identity';
import type { DeadLetter, Telemetry } from '../shared/app/ports';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { createTestTable } from '../test/helpers/dynamodb';
import { InMemoryFactStore as MemoryFactStore } from '../test/helpers/in-memory-fact-store';
import { InMemoryChangeSink } from '../test/helpers/in-memory-sinks';
import { queueOfTestArn } from '../test/helpers/sqs';
import { startDynamoDbLocal } from '../tools/dynamodb-local';
import { mixedEventStream } from './scenarios';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 100_000);
const BATCH_SIZE = 10;
/** Batches in flight at once, like that many Lambda instances on the queue. */
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 4);

const quietTelemetry: Telemetry = { info() {}, warn() {}, error() {}, count() {} };

export interface IngestFigures {
  events: number;
  batchSize: number;
  concurrency: number;
  seconds: number;
  eventsPerSecond: number;
  /** This process's CPU per event with DynamoDB Local: handler, AWS SDK (signing, HTTP, marshalling), JSON. */
  cpuMicrosecondsPerEvent: number;
  /** The handler's own CPU per event with an in-process store: parsing, keying, hashing, deriving what changed. */
  handlerCpuMicrosecondsPerEvent: number;
  peakRssMiB: number;
  requestsPerEvent: Record<string, { events: number; writes: number; reads: number }>;
  deadLettered: number;
}

function sqsEventOf(bodies: { body: string; kind: string }[], offset: number): SQSEvent {
  return {
    Records: bodies.map(({ body }, i) => ({
      messageId: `bench-${offset + i}`,
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
      eventSourceARN: 'arn:aws:sqs:local:000000000000:bench',
      awsRegion: 'local',
    })),
  };
}

/** The same stream through the same handler and batch processor, with the store in memory: CPU µs per event. */
async function handlerOnlyCpu(stream: { body: string; kind: string }[]): Promise<number> {
  const handler = createIngestRecordHandler({
    store: new MemoryFactStore(),
    identity: new HmacIdentity('bench-only-identity-secret-0123456789abcdef'),
    changes: new InMemoryChangeSink(),
    deadLetters: { send: async () => {} },
    clock: { now: () => Date.parse('2026-06-01T12:00:00+05:00') },
    calendar: kazakhstanCalendar(),
    queueOf: queueOfTestArn,
    telemetry: quietTelemetry,
  });
  const processor = new BatchProcessor(EventType.SQS);
  const context = { functionName: 'bench' } as Context;
  const before = process.cpuUsage();
  for (let start = 0; start < stream.length; start += BATCH_SIZE) {
    await processPartialResponse(sqsEventOf(stream.slice(start, start + BATCH_SIZE), start), handler, processor, {
      context,
    });
  }
  const cpu = process.cpuUsage(before);
  return Math.round((cpu.user + cpu.system) / stream.length);
}

/**
 * 10,000 mixed events (payments, contacts, redeliveries, case events, poison) through the real record handler and
 * the Powertools batch processor into DynamoDB Local, one batch of 10 at a time like one Lambda instance. CPU time is
 * this process's (the handler, the SDK, JSON) — the engine runs in its own JVM and waiting for it is not counted.
 */
export async function runIngestBench(): Promise<IngestFigures> {
  const engine = await startDynamoDbLocal();
  try {
    const table = await createTestTable(engine.endpoint);
    const kindOf = new AsyncLocalStorage<string>();
    const perKind = new Map<string, { events: number; writes: number; reads: number }>();
    const bucket = (kind: string) => {
      const counts = perKind.get(kind) ?? { events: 0, writes: 0, reads: 0 };
      perKind.set(kind, counts);
      return counts;
    };
    table.client.middlewareStack.add(
      (next, context) => async (args) => {
        const kind = kindOf.getStore() ?? 'other';
        const operation = String(context.commandName);
        if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(operation)) bucket(kind).writes += 1;
        else bucket(kind).reads += 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchCounter' },
    );
    const deadLetters: DeadLetter[] = [];
    const handler = createIngestRecordHandler({
      store: new DynamoFactStore(table.documents, table.tableName),
      identity: new HmacIdentity('bench-only-identity-secret-0123456789abcdef'),
      changes: new InMemoryChangeSink(),
      deadLetters: { send: async (letter) => void deadLetters.push(letter) },
      clock: { now: () => Date.parse('2026-06-01T12:00:00+05:00') },
      calendar: kazakhstanCalendar(),
      queueOf: queueOfTestArn,
      telemetry: quietTelemetry,
    });
    const stream = mixedEventStream(EVENTS);
    const kinds = new Map<string, string>();
    const recordHandler = (record: SQSRecord) => {
      const kind = kinds.get(record.messageId) ?? 'other';
      bucket(kind).events += 1;
      return kindOf.run(kind, () => handler(record));
    };
    const context = { functionName: 'bench' } as Context;

    stream.forEach(({ kind }, i) => {
      kinds.set(`bench-${i}`, kind);
    });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      const own = new BatchProcessor(EventType.SQS);
      for (let start = next; start < stream.length; start = next) {
        next += BATCH_SIZE;
        const event = sqsEventOf(stream.slice(start, start + BATCH_SIZE), start);
        const result = await processPartialResponse(event, recordHandler, own, { context });
        if (result.batchItemFailures.length > 0) throw new Error(`${result.batchItemFailures.length} records failed`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);

    const handlerCpu = await handlerOnlyCpu(stream);
    const requestsPerEvent = Object.fromEntries(
      [...perKind]
        .sort()
        .map(([kind, c]) => [
          kind,
          { events: c.events, writes: +(c.writes / c.events).toFixed(2), reads: +(c.reads / c.events).toFixed(2) },
        ]),
    );
    return {
      events: stream.length,
      batchSize: BATCH_SIZE,
      concurrency: CONCURRENCY,
      seconds: +seconds.toFixed(2),
      eventsPerSecond: Math.round(stream.length / seconds),
      cpuMicrosecondsPerEvent: Math.round((cpu.user + cpu.system) / stream.length),
      handlerCpuMicrosecondsPerEvent: handlerCpu,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      requestsPerEvent,
      deadLettered: deadLetters.length,
    };
  } finally {
    await engine.stop();
  }
}
