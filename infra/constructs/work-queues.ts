import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { MessageQueue, toPrincipal } from './message-queue';

export interface WorkQueuesProps {
  /** The due worker runs the daily sweeps: its queue's visibility follows its longer timeout (docs/capacity.md). */
  dueTimeout: Duration;
  key: kms.IKey;
  /** Account ids or IAM ARNs of the authorized operator, allowed to read the return-order queue. */
  operatorConsumers: readonly string[];
}

/** The return-order queue keeps an unread order for 14 days (issue 12 item 3); the alarm fires after 1 hour. */
export const OUTBOUND_RETENTION = Duration.days(14);

/**
 * Queues between our functions: changes (ingest → planner), due (schedules and sweeps → due worker), notify
 * (→ sender), and the outbound FIFO return-order queue the operator reads.
 */
export class WorkQueues extends Construct {
  readonly changes: MessageQueue;
  readonly due: MessageQueue;
  readonly notify: MessageQueue;
  readonly outbound: MessageQueue;

  constructor(scope: Construct, id: string, props: WorkQueuesProps) {
    super(scope, id);
    const { key } = props;
    this.changes = new MessageQueue(this, 'Changes', { deadLetterKey: key });
    this.due = new MessageQueue(this, 'Due', { consumerTimeout: props.dueTimeout, deadLetterKey: key });
    this.notify = new MessageQueue(this, 'Notify', { deadLetterKey: key });
    this.outbound = new MessageQueue(this, 'Outbound', {
      deadLetterKey: key,
      fifo: true,
      retention: OUTBOUND_RETENTION,
    });
    for (const consumer of props.operatorConsumers) {
      this.outbound.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [toPrincipal(consumer)],
          actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
          resources: [this.outbound.queue.queueArn],
        }),
      );
    }
    if (props.operatorConsumers.length > 0) {
      // An order the operator failed to handle 5 times moves to the KMS-encrypted DLQ with the receiver's
      // permissions: the operator may use the key through SQS only.
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: props.operatorConsumers.map(toPrincipal),
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }

  get all(): MessageQueue[] {
    return [this.changes, this.due, this.notify, this.outbound];
  }
}
