import type { SQSRecord } from 'aws-lambda';
import { PRODUCER_TABLE, UPSTREAM_QUEUES, type UpstreamQueueName } from '../shared/contracts/producers';

interface LocalMessage {
  id: string;
  body: string;
  receives: number;
  visibleAt?: number;
  /** The queue the message stands for when one local queue carries several (the three upstream queues). */
  sourceArn?: string;
}

export const localQueueArn = (name: string) => `arn:aws:sqs:local:000000000000:${name}`;

/** The local stand-in of each upstream queue's ARN: the ingest checks records against it like in the cloud. */
export const LOCAL_UPSTREAM_ARNS: Readonly<Record<UpstreamQueueName, string>> = {
  payments: localQueueArn('upstream-payments'),
  pension: localQueueArn('upstream-pension'),
  dkk: localQueueArn('upstream-dkk'),
  backfill: localQueueArn('upstream-backfill'),
};

/** The upstream queue an event's producer sends it on (shared/contracts/producers.ts); payments for anything else. */
export function upstreamQueueOf(body: string): UpstreamQueueName {
  try {
    const { type, source } = JSON.parse(body) as { type?: unknown; source?: unknown };
    const queue = UPSTREAM_QUEUES.find((name) =>
      PRODUCER_TABLE[name].some((a) => a.source === source && (a.types as readonly unknown[]).includes(type)),
    );
    if (queue) return queue;
  } catch {
    // Not JSON: poison; any queue will do, the ingest dead-letters it.
  }
  return 'payments';
}

/** The ingest's `queueOf` over the local upstream ARNs (in the cloud it is the `UPSTREAM_QUEUES` variable). */
export const localUpstreamQueue = (arn: string | undefined) =>
  UPSTREAM_QUEUES.find((q) => LOCAL_UPSTREAM_ARNS[q] === arn);

/** An SQS-like queue in memory: messages stay until a delivery succeeds; failures are counted per message. */
export class LocalQueue {
  readonly messages: LocalMessage[] = [];
  /** After a failed delivery a message stays invisible this long (simulated time); 0 redelivers at once. */
  visibilityMs = 0;
  /** The clock visibility is measured on (the pipeline's). */
  clock: () => number = () => 0;
  readonly deadLetters: { body: string; reason: string }[] = [];
  /** Batches handed over, those that failed in part (some records, not all), and failed records. */
  readonly stats = { batches: 0, partialBatches: 0, failedRecords: 0 };
  #next = 0;
  readonly #stands = new Set<string>();

  constructor(
    readonly name: string,
    public maxReceiveCount = 5,
  ) {}

  send(body: string, sourceArn?: string): void {
    this.#next += 1;
    this.messages.push({ id: `${this.name}-${this.#next}`, body, receives: 0, ...(sourceArn ? { sourceArn } : {}) });
  }

  get arn(): string {
    return localQueueArn(this.name);
  }

  /** Whether a record came from this queue (its own ARN, or one it stands for). */
  owns(arn: string): boolean {
    return arn === this.arn || this.#stands.has(arn);
  }

  /** ARNs this queue carries messages for besides its own. */
  standsFor(...arns: string[]): this {
    for (const arn of arns) this.#stands.add(arn);
    return this;
  }

  #visibleBatch(batchSize: number): LocalMessage[] {
    const now = this.clock();
    const batch: LocalMessage[] = [];
    for (let i = 0; i < this.messages.length && batch.length < batchSize; ) {
      const message = this.messages[i];
      if (message && (message.visibleAt ?? 0) <= now) batch.push(...this.messages.splice(i, 1));
      else i += 1;
    }
    return batch;
  }

  /** Hands up to `batchSize` messages to a partial-batch handler; failed ones stay (and move to the DLQ after N). */
  async deliver(
    handle: (records: SQSRecord[]) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
    batchSize = 10,
  ) {
    const batch = this.#visibleBatch(batchSize);
    if (batch.length === 0) return 0;
    for (const message of batch) message.receives += 1;
    const { batchItemFailures } = await handle(batch.map((message) => sqsRecordOf(message, this.arn)));
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    this.stats.batches += 1;
    this.stats.failedRecords += failed.size;
    if (failed.size > 0 && failed.size < batch.length) this.stats.partialBatches += 1;
    for (const message of batch.filter((m) => failed.has(m.id))) {
      if (message.receives >= this.maxReceiveCount)
        this.deadLetters.push({ body: message.body, reason: 'maxReceiveCount' });
      else {
        message.visibleAt = this.clock() + this.visibilityMs;
        this.messages.push(message);
      }
    }
    return batch.length;
  }
}

function sqsRecordOf(message: LocalMessage, arn: string): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.id,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receives),
      SentTimestamp: '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: message.sourceArn ?? arn,
    awsRegion: 'local',
  };
}
