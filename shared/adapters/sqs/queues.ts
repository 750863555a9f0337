import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DueQueue, NotifyQueue, OutboundQueue } from '../../app/ports';
import {
  type DueWork,
  encodeDueMessage,
  encodeNotificationMessage,
  type NotificationMessage,
} from '../../contracts/internal';
import { encodeOutboundEvent, type OutboundEvent } from '../../contracts/outbound';

/** The queue refused some messages of a batch; the caller's message is delivered again and the rest resent. */
export class MessagesNotSentError extends Error {
  readonly failed: number;

  constructor(failed: number) {
    super(`${failed} message(s) were not accepted by the queue`);
    this.name = 'MessagesNotSentError';
    this.failed = failed;
  }
}

const SQS_BATCH_LIMIT = 10;

/** Sends encoded bodies in batches of ten; a partial failure throws, so the caller's message is retried. */
export async function sendBodies(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += SQS_BATCH_LIMIT) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies
          .slice(start, start + SQS_BATCH_LIMIT)
          .map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
    if (result.Failed && result.Failed.length > 0) throw new MessagesNotSentError(result.Failed.length);
  }
}

/** One of our internal queues: each item is sent as its contract encodes it. */
class SqsEncodedQueue<T> {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly encode: (item: T) => string,
  ) {}

  enqueue(items: readonly T[]): Promise<void> {
    return sendBodies(
      this.sqs,
      this.queueUrl,
      items.map((item) => this.encode(item)),
    );
  }
}

export class SqsDueQueue extends SqsEncodedQueue<DueWork> implements DueQueue {
  constructor(sqs: SQSClient, queueUrl: string) {
    super(sqs, queueUrl, encodeDueMessage);
  }
}

export class SqsNotifyQueue extends SqsEncodedQueue<NotificationMessage> implements NotifyQueue {
  constructor(sqs: SQSClient, queueUrl: string) {
    super(sqs, queueUrl, encodeNotificationMessage);
  }
}

/**
 * The operator's queue is FIFO: the event id is the de-duplication id (a resend within five minutes is dropped by SQS)
 * and the case id the group, so one case's order and its withdrawal stay in order.
 */
export class SqsOutboundQueue implements OutboundQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(event: OutboundEvent): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeOutboundEvent(event),
        MessageGroupId: event.data.caseId,
        MessageDeduplicationId: event.eventId.slice(0, 128),
      }),
    );
  }
}
