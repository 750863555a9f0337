import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DueWork, NotificationMessage } from '../../contracts/internal';
import type { ReturnToFundDueEvent } from '../../domain/events';
import type { DueQueue, NotifyQueue, OutboundQueue } from '../queues';
import { ChangesNotSentError } from './change-sink';

const SQS_BATCH_LIMIT = 10;

async function sendAll(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += SQS_BATCH_LIMIT) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies
          .slice(start, start + SQS_BATCH_LIMIT)
          .map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
    if (result.Failed && result.Failed.length > 0) throw new ChangesNotSentError(result.Failed.length);
  }
}

/** One of our internal queues: each item becomes `{ "schemaVersion": 1, <field>: item }`. */
class SqsEnvelopeQueue<T> {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly field: string,
  ) {}

  enqueue(items: readonly T[]): Promise<void> {
    return sendAll(
      this.sqs,
      this.queueUrl,
      items.map((item) => JSON.stringify({ schemaVersion: 1, [this.field]: item })),
    );
  }
}

export class SqsDueQueue extends SqsEnvelopeQueue<DueWork> implements DueQueue {
  constructor(sqs: SQSClient, queueUrl: string) {
    super(sqs, queueUrl, 'due');
  }
}

export class SqsNotifyQueue extends SqsEnvelopeQueue<NotificationMessage> implements NotifyQueue {
  constructor(sqs: SQSClient, queueUrl: string) {
    super(sqs, queueUrl, 'notification');
  }
}

/**
 * The operator's queue is FIFO: the event id is the de-duplication id (a resend within five minutes is dropped by SQS)
 * and the case id the group, so one case's messages stay in order.
 */
export class SqsOutboundQueue implements OutboundQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async returnToFundDue(event: ReturnToFundDueEvent): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(event),
        MessageGroupId: event.data.caseId,
        MessageDeduplicationId: event.eventId.slice(0, 128),
      }),
    );
  }
}
