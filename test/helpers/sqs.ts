import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { DeadLetter, DeadLetterSink, Telemetry } from '../../shared/adapters/ports';

export const PAYMENTS_QUEUE_ARN = 'arn:aws:sqs:ap-southeast-1:111122223333:osms-dev-payments';

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
    eventSourceARN: PAYMENTS_QUEUE_ARN,
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
