import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  type ProducerName,
  producersOf,
  UPSTREAM_QUEUES,
  type UpstreamQueueName,
} from '../../shared/contracts/producers';
import { MessageQueue } from './message-queue';

export interface UpstreamQueuesProps {
  key: kms.IKey;
  /** The principals (account ids or IAM ARNs) of each producer, from the stage's context. */
  producers: Readonly<Record<ProducerName, readonly string[]>>;
}

const CONSTRUCT_ID: Record<UpstreamQueueName, string> = {
  payments: 'Payments',
  pension: 'Pension',
  dkk: 'Dkk',
  backfill: 'Backfill',
};

/**
 * The upstream queues (payments, pension, ДКК, and backfill for history that no citizen is told about). Each admits only the principals of the producers shared/contracts/producers.ts lists for
 * it (`producersOf`), so ENPF cannot send to the payments queue; which (source, type) pairs a producer may send on a
 * queue is the ingest's run-time check against the same table.
 */
export class UpstreamQueues extends Construct {
  readonly byName: Readonly<Record<UpstreamQueueName, MessageQueue>>;

  constructor(scope: Construct, id: string, props: UpstreamQueuesProps) {
    super(scope, id);
    const make = (name: UpstreamQueueName) =>
      new MessageQueue(this, CONSTRUCT_ID[name], {
        deadLetterKey: props.key,
        producers: principalsOf(name, props.producers),
      });
    this.byName = {
      payments: make('payments'),
      pension: make('pension'),
      dkk: make('dkk'),
      backfill: make('backfill'),
    };
  }

  get all(): MessageQueue[] {
    return UPSTREAM_QUEUES.map((name) => this.byName[name]);
  }

  /** `UPSTREAM_QUEUES` for the ingest: queue ARN → its name in the producer table (tokens, resolved at deploy). */
  arnToName(): Record<string, UpstreamQueueName> {
    return Object.fromEntries(UPSTREAM_QUEUES.map((name) => [this.byName[name].queue.queueArn, name]));
  }
}

/** The principals allowed to send to `queue`: those of its producers, each once. */
export function principalsOf(
  queue: UpstreamQueueName,
  producers: Readonly<Record<ProducerName, readonly string[]>>,
): string[] {
  return [...new Set(producersOf(queue).flatMap((producer) => producers[producer]))];
}
