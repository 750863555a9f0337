import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterSink } from '../../app/ports';

export class UnknownSourceQueueError extends Error {
  readonly sourceArn: string;

  constructor(sourceArn: string) {
    super(`no dead-letter queue is configured for ${sourceArn}`);
    this.name = 'UnknownSourceQueueError';
    this.sourceArn = sourceArn;
  }
}

/**
 * Sends a message that can never succeed straight to its source queue's dead-letter queue, with the reason as message
 * attributes, so operators see *why* in the DLQ itself. The body travels unchanged (the DLQ is encrypted like its
 * source); a redrive after a fix sends it back as it came.
 */
export class SqsDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly sqs: SQSClient,
    /** Source queue ARN → its dead-letter queue URL. */
    private readonly deadLetterQueues: Readonly<Record<string, string>>,
  ) {}

  async send({ record, reason, category }: DeadLetter): Promise<void> {
    const queueUrl = this.deadLetterQueues[record.eventSourceARN];
    if (!queueUrl) throw new UnknownSourceQueueError(record.eventSourceARN);
    const text = (value: string) => ({ DataType: 'String', StringValue: value });
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          reason: text(reason.slice(0, 1000)),
          category: text(category),
          originalMessageId: text(record.messageId),
          sourceQueueArn: text(record.eventSourceARN),
          receiveCount: text(record.attributes.ApproximateReceiveCount),
        },
      }),
    );
  }
}
