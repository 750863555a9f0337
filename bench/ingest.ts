import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UPSTREAM_QUEUES } from '../shared/contracts/producers';
import { createTestTable } from '../test/helpers/dynamodb';
import { startDynamoDbLocal } from '../tools/dynamodb-local';
import { type AwsFake, startAwsFake } from './aws-fake';
import type { ChildInput } from './ingest-child';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 5_000);
const COUNTED_EVENTS = Number(process.env.BENCH_INGEST_COUNTED ?? 2_000);
const BATCH_SIZE = 10;
/** Invocations in flight at once in the measured process (the engine is shared, as with that many instances). */
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 4);
const IDENTITY_SECRET = 'bench-only-identity-secret-0123456789abcdef';
/** Production's level (infra/constructs/house-function.ts): per-event lines are DEBUG, so they are not written. */
const LOG_LEVEL = 'INFO';

export interface IngestFigures {
  events: number;
  batchSize: number;
  concurrency: number;
  /** Powertools log level the measured wiring ran at (production's). */
  logLevel: string;
  /** CPU µs per event in the measured process (handler, SDK, Powertools, JSON; I/O waits excluded). */
  cpuMicrosecondsPerPaymentEvent: number;
  cpuMicrosecondsPerMixedEvent: number;
  /** The floor: a bare `PutItem` loop into the same engine in the same run and process. */
  floorCpuMicrosecondsPerPut: number;
  /** Payment events as deployed over the floor (target ≤ 1.3). */
  paymentRatioToFloor: number;
  mixedRatioToFloor: number;
  eventsPerSecond: { payments: number; mixed: number };
  /** The hot put three ways, CPU µs per put (the same item, interleaved). */
  putVariantsMicroseconds: Record<string, number>;
  requestsPerEvent: Record<string, { events: number; writes: number; reads: number; sqs: number }>;
  memory: { heapPeakDeltaMiB: number; heapRetainedDeltaMiB: number; rssPeakMiB: number };
  /** What the fake SQS received: changes sent, and the stdout the Powertools logger and metrics wrote. */
  sqsMessages: number;
  sqsRequests: Record<string, number>;
  stdoutKiB: number;
  stdoutLines: number;
  batchItemFailures: number;
}

interface ChildResult {
  floorCpu: number;
  paymentsPass: { cpuPerEvent: number; eventsPerSecond: number; failures: number };
  mixedPass: { cpuPerEvent: number; eventsPerSecond: number; failures: number };
  variants: Record<string, number>;
  requests: Record<string, { events: number; reads: number; writes: number; sqs: number }>;
  memory: IngestFigures['memory'];
}

const round = (value: number, digits = 0) => +value.toFixed(digits);

/** Starts the measured process with its stdout on a pipe that is read and counted, as Lambda's runtime reads it. */
function runChild(input: ChildInput, env: NodeJS.ProcessEnv) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'ingest-child.ts');
  const child = fork(file, [JSON.stringify(input)], {
    env,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = { bytes: 0, lines: 0 };
  // Powertools writes INFO and EMF to stdout and WARN/ERROR to stderr: both are read, as Lambda's runtime does.
  const drain = (chunk: Buffer) => {
    output.bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) output.lines += 1;
  };
  child.stdout?.on('data', drain);
  child.stderr?.on('data', drain);
  return new Promise<{ result: ChildResult; output: typeof output }>((resolve, reject) => {
    let result: ChildResult | undefined;
    child.on('message', (message) => {
      result = message as ChildResult;
    });
    child.on('exit', (code) =>
      result ? resolve({ result, output }) : reject(new Error(`the ingest bench process exited with ${code}`)),
    );
  });
}

/** The measured process's environment: the ingest's variables, the local endpoints, production's log level. */
function childEnvironment(options: { dynamodb: string; fake: AwsFake; arnOf: Record<string, string> }) {
  const { fake, arnOf } = options;
  return {
    ...process.env,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodb,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
    AWS_ENDPOINT_URL_SQS: fake.endpoint,
    POWERTOOLS_LOG_LEVEL: LOG_LEVEL,
    POWERTOOLS_SERVICE_NAME: 'ingest',
    IDENTITY_SECRET_NAME: 'bench/identity',
    CHANGES_QUEUE_URL: fake.queueUrl('changes'),
    DEAD_LETTER_QUEUES: JSON.stringify(
      Object.fromEntries(Object.values(arnOf).map((arn) => [arn, fake.queueUrl('dlq')])),
    ),
    UPSTREAM_QUEUES: JSON.stringify(Object.fromEntries(Object.entries(arnOf).map(([queue, arn]) => [arn, queue]))),
  };
}

function figuresOf(
  result: ChildResult,
  output: { bytes: number; lines: number },
  sqs: AwsFake['stats'],
): IngestFigures {
  const requestsPerEvent = Object.fromEntries(
    Object.entries(result.requests)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, c]) => [
        kind,
        {
          events: c.events,
          writes: round(c.writes / c.events, 2),
          reads: round(c.reads / c.events, 2),
          sqs: round(c.sqs / c.events, 2),
        },
      ]),
  );
  return {
    events: EVENTS,
    batchSize: BATCH_SIZE,
    concurrency: CONCURRENCY,
    logLevel: LOG_LEVEL,
    cpuMicrosecondsPerPaymentEvent: round(result.paymentsPass.cpuPerEvent),
    cpuMicrosecondsPerMixedEvent: round(result.mixedPass.cpuPerEvent),
    floorCpuMicrosecondsPerPut: round(result.floorCpu),
    paymentRatioToFloor: round(result.paymentsPass.cpuPerEvent / result.floorCpu, 2),
    mixedRatioToFloor: round(result.mixedPass.cpuPerEvent / result.floorCpu, 2),
    eventsPerSecond: {
      payments: round(result.paymentsPass.eventsPerSecond),
      mixed: round(result.mixedPass.eventsPerSecond),
    },
    putVariantsMicroseconds: result.variants,
    requestsPerEvent,
    memory: {
      heapPeakDeltaMiB: round(result.memory.heapPeakDeltaMiB, 1),
      heapRetainedDeltaMiB: round(result.memory.heapRetainedDeltaMiB, 1),
      rssPeakMiB: round(result.memory.rssPeakMiB),
    },
    sqsMessages: sqs.messages,
    sqsRequests: sqs.requests,
    stdoutKiB: round(output.bytes / 1024),
    stdoutLines: output.lines,
    batchItemFailures: result.paymentsPass.failures + result.mixedPass.failures,
  };
}

/**
 * The ingest as deployed, against DynamoDB Local and a local SQS/Secrets Manager fake, beside its floor (a bare
 * `PutItem` loop) in the same process and run: CPU per event and the ratio, events/s, requests per event by type, the
 * handler's memory. Absolute times move with the machine's load (other benches may run at once): read the ratios.
 */
export async function runIngestBench(): Promise<IngestFigures> {
  const engine = await startDynamoDbLocal();
  const fake = await startAwsFake({ secrets: { 'bench/identity': IDENTITY_SECRET } });
  try {
    const table = async () => (await createTestTable(engine.endpoint)).tableName;
    const arnOf = Object.fromEntries(
      UPSTREAM_QUEUES.map((queue) => [queue, `arn:aws:sqs:local:000000000000:${queue}`]),
    );
    const env = childEnvironment({ dynamodb: engine.endpoint, fake, arnOf });
    const tables = { floor: await table(), payments: await table(), mixed: await table(), counted: await table() };
    const input: ChildInput = {
      tables,
      identitySecret: IDENTITY_SECRET,
      arnOf,
      events: EVENTS,
      countedEvents: COUNTED_EVENTS,
      batchSize: BATCH_SIZE,
      concurrency: CONCURRENCY,
    };
    const { result, output } = await runChild(input, env);
    return figuresOf(result, output, fake.stats);
  } finally {
    await fake.stop();
    await engine.stop();
  }
}
