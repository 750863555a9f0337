import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MessageQueueProps {
  /** The consumer's timeout; the visibility timeout is six times it (AWS's advice for Lambda event sources). */
  consumerTimeout: Duration;
  fifo?: boolean;
  /** Principals (account or role ARNs) allowed to send, e.g. the upstream producers. */
  producers?: readonly string[];
  maxReceiveCount?: number;
}

/**
 * A queue and its dead-letter queue, both encrypted (SSE-SQS), TLS-only, with the visibility timeout and redrive our
 * consumers need. The DLQ keeps messages for 14 days.
 */
export class MessageQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MessageQueueProps) {
    super(scope, id);
    const fifo = props.fifo ?? false;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      ...(fifo ? { fifo: true } : {}),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
      ...(fifo ? { fifo: true, contentBasedDeduplication: false } : {}),
    });
    for (const producer of props.producers ?? []) {
      this.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `AllowProducer${producer.replace(/[^A-Za-z0-9]/g, '').slice(-40)}`,
          principals: [
            producer.startsWith('arn:') ? new iam.ArnPrincipal(producer) : new iam.AccountPrincipal(producer),
          ],
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          resources: [this.queue.queueArn],
        }),
      );
    }
  }
}
