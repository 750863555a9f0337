import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeSink } from '../../app/ports';
import { type ChangeMessage, encodeChangeMessage } from '../../contracts/internal';
import { sendBodies } from './queues';

/**
 * Changes to the internal changes queue that the planner consumes: one message per change, encoded by the contract,
 * carrying keyed hashes only. A partial failure throws (`MessagesNotSentError`), so the ingest message is delivered
 * again; the consumer de-duplicates by its own deterministic ids.
 */
export class SqsChangeSink implements ChangeSink {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  publish(changes: readonly ChangeMessage[]): Promise<void> {
    return sendBodies(this.sqs, this.queueUrl, changes.map(encodeChangeMessage));
  }
}
