import { Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/contracts/environment';
import { TABLE_ACCESS } from '../access';
import type { DataTable } from './data-table';
import { HouseFunction } from './house-function';
import type { StageSecret } from './stage-secrets';
import type { UpstreamQueues } from './upstream-queues';
import type { WorkQueues } from './work-queues';

export interface IngestFunctionProps {
  stage: 'dev' | 'prod';
  logRetention: logs.RetentionDays;
  table: DataTable;
  identity: StageSecret;
  upstream: UpstreamQueues;
  work: WorkQueues;
}

/**
 * Upstream queues → facts: the identity key, the changes queue, the upstream DLQs, and which queue is which
 * (`UPSTREAM_QUEUES`), so the ingest checks each record's producer against the queue it came from.
 */
export class IngestFunction extends Construct {
  readonly fn: HouseFunction;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const { stage, logRetention, upstream } = props;
    this.fn = new HouseFunction(this, 'Ingest', {
      entry: 'functions/ingest/handler.ts',
      serviceName: 'ingest',
      stage,
      logRetention,
    })
      .bindTable(props.table, TABLE_ACCESS.ingest)
      .bindSecret(props.identity, ENV.identitySecretName)
      .bindQueue(props.work.changes, { url: ENV.changesQueueUrl })
      .bindDeadLetters(upstream.all)
      .setVariable(ENV.upstreamQueues, Stack.of(this).toJsonString(upstream.arnToName()));
    for (const q of upstream.all) this.fn.consume(q, { maxConcurrency: 10 });
  }
}
