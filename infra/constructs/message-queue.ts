import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MessageQueueProps {
  /** The consumer's timeout (default 30 s); the visibility timeout is six times it (AWS's advice for Lambda). */
  consumerTimeout?: Duration;
  /** The customer-managed key of the dead-letter queue: dead letters keep whole message bodies for 14 days. */
  deadLetterKey: kms.IKey;
  fifo?: boolean;
  /** How long a message waits for its consumer (default 4 days). */
  retention?: Duration;
  /** Principals (account ids or IAM ARNs) allowed to send, e.g. an upstream queue's producers. */
  producers?: readonly string[];
  maxReceiveCount?: number;
}

/** The timeout of our queue consumers (HouseFunction's default). */
export const CONSUMER_TIMEOUT = Duration.seconds(30);

/** What sending to an SQS queue needs; with a customer-managed key also the two KMS actions SQS uses. */
const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] as const;
export const KMS_SEND_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * A queue and its dead-letter queue, both TLS-only, with the visibility timeout and redrive our consumers need. The
 * queue is encrypted with SSE-SQS (producers in other accounts send to it); the DLQ, which keeps bodies for 14 days,
 * with the stage's customer-managed key.
 */
export class MessageQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly #deadLetterKey: kms.IKey;

  constructor(scope: Construct, id: string, props: MessageQueueProps) {
    super(scope, id);
    const fifo = props.fifo ?? false;
    this.#deadLetterKey = props.deadLetterKey;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.deadLetterKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      ...(fifo ? { fifo: true } : {}),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is a dead-letter queue.',
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds((props.consumerTimeout ?? CONSUMER_TIMEOUT).toSeconds() * 6),
      retentionPeriod: props.retention ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
      ...(fifo ? { fifo: true, contentBasedDeduplication: false } : {}),
    });
    for (const producer of props.producers ?? []) {
      this.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `AllowProducer${producer.replace(/[^A-Za-z0-9]/g, '').slice(-40)}`,
          principals: [toPrincipal(producer)],
          actions: [...SEND_ACTIONS],
          resources: [this.queue.queueArn],
        }),
      );
    }
  }

  /** The queue and its DLQ, e.g. for alarms. */
  get queues(): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
    return { queue: this.queue, deadLetterQueue: this.deadLetterQueue };
  }

  /** Sending to the queue itself (SSE-SQS: no key actions). */
  grantSend(grantee: iam.IGrantable): void {
    this.queue.grant(grantee, ...SEND_ACTIONS);
  }

  /**
   * The key actions a consumer needs so that SQS can move a message it failed 5 times into the KMS-encrypted DLQ (the
   * move runs with the receiving principal's permissions), and what sending a dead letter directly needs.
   */
  grantDeadLetterKey(grantee: iam.IGrantable): void {
    this.#deadLetterKey.grant(grantee, ...KMS_SEND_ACTIONS);
  }

  /** Sending a message straight to the DLQ (with its reason), which the function's handler does for poison. */
  grantSendDeadLetters(grantee: iam.IGrantable): void {
    this.deadLetterQueue.grant(grantee, ...SEND_ACTIONS);
    this.grantDeadLetterKey(grantee);
  }
}

export function toPrincipal(principal: string): iam.IPrincipal {
  return principal.startsWith('arn:') ? new iam.ArnPrincipal(principal) : new iam.AccountPrincipal(principal);
}
