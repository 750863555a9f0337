import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { DeadLetter, DeadLetterSink, Telemetry } from '../../shared/app/ports';
import { PRODUCER_TABLE, UPSTREAM_QUEUES, type UpstreamQueueName } from '../../shared/contracts/producers';

const queueArn = (queue: UpstreamQueueName) => `arn:aws:sqs:ap-southeast-1:111122223333:osms-dev-${queue}`;
export const UPSTREAM_QUEUE_ARNS = Object.fromEntries(UPSTREAM_QUEUES.map((q) => [q, queueArn(q)])) as Record<
  UpstreamQueueName,
  string
>;
export const PAYMENTS_QUEUE_ARN = UPSTREAM_QUEUE_ARNS.payments;

/** The ingest's `queueOf` over the test ARNs (in the cloud it is the `UPSTREAM_QUEUES` variable). */
export function queueOfTestArn(arn: string | undefined): UpstreamQueueName | undefined {
  return UPSTREAM_QUEUES.find((queue) => UPSTREAM_QUEUE_ARNS[queue] === arn);
}

/** The queue an event's producer sends it on, from the body (the payments queue for anything else). */
function queueOfBody(body: string): string {
  try {
    const { type, source } = JSON.parse(body) as { type?: unknown; source?: unknown };
    for (const queue of UPSTREAM_QUEUES) {
      if (PRODUCER_TABLE[queue].some((a) => a.source === source && (a.types as readonly unknown[]).includes(type))) {
        return UPSTREAM_QUEUE_ARNS[queue];
      }
    }
  } catch {
    // Not JSON: a poison message; any queue will do.
  }
  return PAYMENTS_QUEUE_ARN;
}

let counter = 0;

/** An SQS record as Lambda hands it over. */
export function sqsRecord(body: string, overrides: Partial<SQSRecord> = {}): SQSRecord {
  counter += 1;
  return {
    messageId: `msg-${counter}`,
    receiptHandle: `rh-${counter}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764000000000',
      SenderId: 'AIDATEST',
      ApproximateFirstReceiveTimestamp: '1764000000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueOfBody(body),
    awsRegion: 'ap-southeast-1',
    ...overrides,
  };
}

export function sqsEvent(bodies: readonly string[]): SQSEvent {
  return { Records: bodies.map((body) => sqsRecord(body)) };
}

export class RecordingDeadLetters implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];

  async send(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
  }
}

/** Every RecordingTelemetry of a test file; the privacy guard scans what they recorded like it scans stdout. */
export const recordedTelemetry: RecordingTelemetry[] = [];

/** Telemetry that keeps what it was told, for assertions on metrics and log attributes. */
export class RecordingTelemetry implements Telemetry {
  readonly lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  readonly metrics: { metric: string; dimensions: Record<string, string> }[] = [];

  constructor() {
    recordedTelemetry.push(this);
  }

  info(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'info', message, attributes });
  }

  warn(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'warn', message, attributes });
  }

  error(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'error', message, attributes });
  }

  count(metric: string, dimensions: Record<string, string> = {}) {
    this.metrics.push({ metric, dimensions });
  }
}
