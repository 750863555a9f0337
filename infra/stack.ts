import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ProducerName } from '../shared/contracts/producers';
import { BotEndpoint } from './constructs/bot-endpoint';
import { CaseScheduler } from './constructs/case-scheduler';
import { DataTable } from './constructs/data-table';
import type { HouseFunction } from './constructs/house-function';
import { IngestFunction } from './constructs/ingest-function';
import type { MessageQueue } from './constructs/message-queue';
import { Monitoring } from './constructs/monitoring';
import { DUE_TIMEOUT, NotifyFunctions } from './constructs/notify-functions';
import { StageSecrets } from './constructs/stage-secrets';
import { UpstreamQueues } from './constructs/upstream-queues';
import { WorkQueues } from './constructs/work-queues';
import type { BotInfo } from './context';

export interface OsmsStackProps extends StackProps {
  stage: 'dev' | 'prod';
  /** Account ids or IAM ARNs of each upstream producer (shared/contracts/producers.ts names them). */
  producers: Readonly<Record<ProducerName, readonly string[]>>;
  /** Account ids or IAM ARNs of the authorized operator, allowed to read the return-order queue. */
  operatorConsumers: readonly string[];
  botInfo: BotInfo;
  supportContact: string;
}

/** Everything one stage runs: the table, queues, the scheduler, the functions, the bot endpoint, alarms. */
export class OsmsStack extends Stack {
  constructor(scope: Construct, id: string, props: OsmsStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const prod = stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = prod ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;

    const table = new DataTable(this, 'Data', { stage, removalPolicy });
    const { key } = table;
    const secrets = new StageSecrets(this, 'Secrets', { stage, removalPolicy });
    const upstream = new UpstreamQueues(this, 'Upstream', { key, producers: props.producers });
    const work = new WorkQueues(this, 'Work', {
      key,
      dueTimeout: DUE_TIMEOUT,
      operatorConsumers: props.operatorConsumers,
    });
    const scheduler = new CaseScheduler(this, 'Scheduler', {
      stage,
      removalPolicy,
      due: work.due,
      notify: work.notify,
      key,
    });

    const common = { stage, logRetention, table };
    const ingest = new IngestFunction(this, 'Ingest', { ...common, identity: secrets.identity, upstream, work });
    const notify = new NotifyFunctions(this, 'Notify', {
      ...common,
      queues: work,
      scheduler,
      botToken: secrets.botToken,
    });
    const bot = new BotEndpoint(this, 'Webhook', {
      ...common,
      secrets,
      due: work.due,
      botInfo: props.botInfo,
      supportContact: props.supportContact,
    });

    const functions = {
      Ingest: ingest.fn,
      Planner: notify.planner,
      DueWorker: notify.due,
      Sender: notify.sender,
      Bot: bot.fn,
    };
    const monitoring = this.#monitoring({ stage, key, upstream, work, scheduler, functions });

    new CfnOutput(this, 'WebhookUrl', { value: bot.url.url, description: 'Register with scripts/register-webhook.ts' });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
    for (const [name, q] of Object.entries({ ...upstream.byName, outbound: work.outbound })) {
      new CfnOutput(this, `${name}QueueUrl`, { value: q.queue.queueUrl });
    }
  }

  /** Alarms and the dashboard: how long each queue's oldest message may wait, in minutes, before someone is told. */
  #monitoring(parts: {
    stage: string;
    key: kms.IKey;
    upstream: UpstreamQueues;
    work: WorkQueues;
    scheduler: CaseScheduler;
    functions: Record<string, HouseFunction>;
  }): Monitoring {
    const { upstream, work } = parts;
    const backlog = (q: MessageQueue, maxAgeMinutes: number) => ({ ...q.queues, maxAgeMinutes });
    return new Monitoring(this, 'Monitoring', {
      stage: parts.stage,
      key: parts.key,
      queues: {
        Payments: backlog(upstream.byName.payments, 15),
        Pension: backlog(upstream.byName.pension, 15),
        Dkk: backlog(upstream.byName.dkk, 15),
        // History loads are bulk: the backfill queue may wait longer before its backlog alarms.
        Backfill: backlog(upstream.byName.backfill, 24 * 60),
        Changes: backlog(work.changes, 15),
        Due: backlog(work.due, 30),
        Notify: backlog(work.notify, 60),
        // The operator reads return orders within the hour (alarm); unread ones are kept 14 days (WorkQueues).
        Outbound: backlog(work.outbound, 60),
      },
      extraDeadLetterQueues: { Scheduler: parts.scheduler.deadLetterQueue },
      functions: parts.functions,
    });
  }
}
