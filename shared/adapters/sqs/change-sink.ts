import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FactChange } from '../../domain/changes';
import type { ChangeSink } from '../ports';

export class ChangesNotSentError extends Error {
  readonly failed: number;

  constructor(failed: number) {
    super(`${failed} change message(s) were not accepted by the queue`);
    this.name = 'ChangesNotSentError';
    this.failed = failed;
  }
}

const SQS_BATCH_LIMIT = 10;

/**
 * Changes to the internal changes queue that the scheduling capability consumes (issue 4): one message per change,
 * `{ "schemaVersion": 1, "change": … }`, carrying keyed hashes only. A partial failure throws, so the ingest message
 * is delivered again; the consumer de-duplicates by its own deterministic ids.
 */
export class SqsChangeSink implements ChangeSink {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(changes: readonly FactChange[]): Promise<void> {
    for (let start = 0; start < changes.length; start += SQS_BATCH_LIMIT) {
      const batch = changes.slice(start, start + SQS_BATCH_LIMIT);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((change, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ schemaVersion: 1, change }),
          })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) throw new ChangesNotSentError(result.Failed.length);
    }
  }
}
