import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_KEYS, tableDefinition } from '../shared/adapters/dynamodb/table';
import { HouseFunction } from './constructs/house-function';
import { MessageQueue } from './constructs/message-queue';
import { Monitoring } from './constructs/monitoring';

export interface OsmsStackProps extends StackProps {
  stage: 'dev' | 'prod';
  /** Account ids or role ARNs allowed to send to each upstream queue. */
  producers: { payments: string[]; pension: string[]; dkk: string[] };
  /** Account ids or role ARNs of the authorized operator, allowed to read the outbound queue. */
  operatorConsumers: string[];
}

const CONSUMER_TIMEOUT = Duration.seconds(30);

/** Everything one stage runs: queues, the table, the functions, the scheduler, the bot endpoint, alarms. */
export class OsmsStack extends Stack {
  constructor(scope: Construct, id: string, props: OsmsStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const prod = stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = prod ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;

    // ── Data ─────────────────────────────────────────────────────────────────────────────────────────────────────
    const key = new kms.Key(this, 'DataKey', {
      enableKeyRotation: true,
      removalPolicy,
      description: `osms-${stage} table and alarms`,
    });
    const definition = tableDefinition(`osms-${stage}`);
    const indexes = definition.GlobalSecondaryIndexes ?? [];
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.TableV2(this, 'Table', {
      tableName: definition.TableName,
      partitionKey: attribute(TABLE_KEYS.partitionKey),
      sortKey: attribute(TABLE_KEYS.sortKey),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      deletionProtection: prod,
      removalPolicy,
      globalSecondaryIndexes: indexes.map((index) => ({
        indexName: index.IndexName ?? '',
        partitionKey: attribute(index.KeySchema?.[0]?.AttributeName ?? ''),
        sortKey: attribute(index.KeySchema?.[1]?.AttributeName ?? ''),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });

    // ── Secrets (values set by operators: docs/deploy.md) ─────────────────────────────────────────────────────────
    const secret = (id: string, generate: boolean) => {
      const name = `osms-${stage}/${id.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)}`;
      const created = new secretsmanager.Secret(this, id, {
        secretName: name,
        removalPolicy,
        ...(generate ? { generateSecretString: { passwordLength: 48, excludePunctuation: true } } : {}),
      });
      return { secret: created, name };
    };
    const botToken = secret('TelegramBotToken', false);
    const webhookSecret = secret('WebhookSecret', true);
    const identityKey = secret('IdentityHmacKey', true);
    for (const s of [botToken, webhookSecret, identityKey]) {
      Validations.of(s.secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotation is an operator procedure (docs/deploy.md): the bot token is issued by BotFather, the webhook secret must be re-registered with Telegram, and a new HMAC key means re-keying the table.',
      });
    }

    // ── Queues ───────────────────────────────────────────────────────────────────────────────────────────────────
    const queue = (name: string, extra: Partial<ConstructorParameters<typeof MessageQueue>[2]> = {}) =>
      new MessageQueue(this, name, { consumerTimeout: CONSUMER_TIMEOUT, ...extra });
    const payments = queue('Payments', { producers: props.producers.payments });
    const pension = queue('Pension', { producers: props.producers.pension });
    const dkk = queue('Dkk', { producers: props.producers.dkk });
    const changes = queue('Changes');
    // The daily sweeps run on the due queue: their worker gets minutes, not seconds (docs/capacity.md).
    const DUE_TIMEOUT = Duration.minutes(5);
    const due = queue('Due', { consumerTimeout: DUE_TIMEOUT });
    const notify = queue('Notify');
    const outbound = queue('Outbound', { fifo: true });
    for (const consumer of props.operatorConsumers) {
      outbound.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [
            consumer.startsWith('arn:') ? new iam.ArnPrincipal(consumer) : new iam.AccountPrincipal(consumer),
          ],
          actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
          resources: [outbound.queue.queueArn],
        }),
      );
    }
    const schedulerDlq = queue('SchedulerFailures').queue;
    const upstream = [payments, pension, dkk];

    // ── Scheduler: a group, the role it assumes (may only send to the due and notify queues), daily sweeps ──────────
    const group = new scheduler.ScheduleGroup(this, 'Schedules', { scheduleGroupName: `osms-${stage}`, removalPolicy });
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description:
        'EventBridge Scheduler: send due work and delayed notifications to their queues, failures to its DLQ',
    });
    due.queue.grantSendMessages(schedulerRole);
    notify.queue.grantSendMessages(schedulerRole);
    schedulerDlq.grantSendMessages(schedulerRole);
    const sweep = (id: string, kind: string, cron: { hour: string; minute: string }) =>
      new scheduler.Schedule(this, id, {
        scheduleGroup: group,
        schedule: scheduler.ScheduleExpression.cron({ ...cron, timeZone: { timezoneName: 'Asia/Almaty' } as never }),
        target: new targets.SqsSendMessage(due.queue, {
          role: schedulerRole,
          input: scheduler.ScheduleTargetInput.fromObject({ schemaVersion: 1, due: { kind } }),
          deadLetterQueue: schedulerDlq,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
        description: `daily ${kind}`,
      });
    sweep('ReconciliationSweep', 'reconciliation_sweep', { hour: '6', minute: '0' });
    sweep('CoverageSweep', 'coverage_sweep', { hour: '10', minute: '0' });

    // ── Functions ────────────────────────────────────────────────────────────────────────────────────────────────
    const fn = (
      id: string,
      entry: string,
      handler: string,
      extra: {
        memorySize?: number;
        withMessages?: boolean;
        reservedConcurrentExecutions?: number;
        timeout?: Duration;
      } = {},
    ) => new HouseFunction(this, id, { entry, handler, serviceName: id.toLowerCase(), stage, logRetention, ...extra });
    const deadLetterMap = (queues: MessageQueue[]) =>
      JSON.stringify(Object.fromEntries(queues.map((q) => [q.queue.queueArn, q.deadLetterQueue.queueUrl])));

    const ingest = fn('Ingest', 'functions/ingest/handler.ts', 'handler')
      .bindTable(table, 'readWrite')
      .bindSecret(identityKey, 'IDENTITY_SECRET_NAME')
      .bindQueue(changes.queue, 'CHANGES_QUEUE');
    ingest.addEnvironment('DEAD_LETTER_QUEUES', deadLetterMap(upstream));
    for (const q of upstream) {
      ingest.consume(q.queue, { maxConcurrency: 10 });
      q.deadLetterQueue.grantSendMessages(ingest);
    }

    const notifyEnv = (target: HouseFunction) => {
      target
        .bindTable(table, 'readWrite')
        .bindQueue(due.queue, 'DUE_QUEUE')
        .bindQueue(notify.queue, 'NOTIFY_QUEUE')
        .bindQueue(outbound.queue, 'OUTBOUND_QUEUE')
        .bindSecret(botToken, 'TELEGRAM_TOKEN_SECRET_NAME');
      target.addEnvironment('SCHEDULE_GROUP', group.scheduleGroupName);
      target.addEnvironment('SCHEDULER_ROLE_ARN', schedulerRole.roleArn);
      target.addEnvironment('SCHEDULER_DLQ_ARN', schedulerDlq.queueArn);
      target.addEnvironment('DEAD_LETTER_QUEUES', deadLetterMap([changes, due, notify]));
      for (const q of [changes, due, notify]) q.deadLetterQueue.grantSendMessages(target);
      target.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
          resources: [
            this.formatArn({
              service: 'scheduler',
              resource: 'schedule',
              resourceName: `${group.scheduleGroupName}/*`,
            }),
          ],
        }),
      );
      target.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
      return target;
    };
    const planner = notifyEnv(
      fn('Planner', 'functions/notify/handler.ts', 'planHandler', { withMessages: true }),
    ).consume(changes.queue, {
      maxConcurrency: 5,
    });
    const dueWorker = notifyEnv(
      fn('DueWorker', 'functions/notify/handler.ts', 'dueHandler', {
        withMessages: true,
        memorySize: 1024,
        timeout: DUE_TIMEOUT,
      }),
    ).consume(due.queue, { maxConcurrency: 5, batchSize: 1 });
    // Two instances at most: each paces itself below Telegram's limits (docs/notifications.md).
    const sender = notifyEnv(
      fn('Sender', 'functions/notify/handler.ts', 'sendHandler', { withMessages: true }),
    ).consume(notify.queue, {
      maxConcurrency: 2,
    });

    // Reserved concurrency caps what a flood can cost (the per-chat limiter is per instance: docs/bot.md).
    const bot = fn('Bot', 'functions/bot/handler.ts', 'handler', {
      withMessages: true,
      reservedConcurrentExecutions: 20,
    })
      .bindTable(table, 'readWrite')
      .bindSecret(identityKey, 'IDENTITY_SECRET_NAME')
      .bindSecret(botToken, 'TELEGRAM_TOKEN_SECRET_NAME')
      .bindSecret(webhookSecret, 'WEBHOOK_SECRET_NAME');
    // Telegram cannot sign requests; the webhook checks the secret-token header before reading an update.
    const botUrl = bot.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    // Each acknowledgement names the exact finding (cdk-nag v3 `Rule[evidence]`) and why it is acceptable.
    const tableArn = `<${this.getLogicalId(table.node.defaultChild as CfnElement)}.Arn>`;
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const scheduleArn = `arn:<AWS::Partition>:scheduler:${this.region}:${account}:schedule/${group.scheduleGroupName}/*`;
    const findings: [string, string][] = [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AWSLambdaBasicExecutionRole only lets the function write to its own log streams.',
      ],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.',
      ],
      [`AwsSolutions-IAM5[Resource::${tableArn}/index/*]`, "Queries on the table's own two indexes (byOwner, byList)."],
      [
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'Data keys of our one customer-managed key, which encrypts the table.',
      ],
      [
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        'Re-encryption with our one customer-managed key, which encrypts the table.',
      ],
    ];
    for (const f of [ingest, planner, dueWorker, sender, bot]) {
      for (const [id, reason] of findings) Validations.of(f).acknowledge({ id, reason });
    }
    for (const f of [planner, dueWorker, sender]) {
      Validations.of(f).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${scheduleArn}]`,
        reason: 'Create, update and delete one-time schedules inside our own schedule group only.',
      });
    }

    const monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      key,
      queues: {
        Payments: { ...payments, maxAgeMinutes: 15 },
        Pension: { ...pension, maxAgeMinutes: 15 },
        Dkk: { ...dkk, maxAgeMinutes: 15 },
        Changes: { ...changes, maxAgeMinutes: 15 },
        Due: { ...due, maxAgeMinutes: 30 },
        Notify: { ...notify, maxAgeMinutes: 60 },
        Outbound: { ...outbound, maxAgeMinutes: 24 * 60 },
      },
      extraDeadLetterQueues: { Scheduler: schedulerDlq },
      functions: { Ingest: ingest, Planner: planner, DueWorker: dueWorker, Sender: sender, Bot: bot },
    });
    Validations.of(schedulerDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This is the scheduler's dead-letter queue.",
    });
    for (const q of [payments, pension, dkk, changes, due, notify, outbound]) {
      Validations.of(q.deadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This is a dead-letter queue.',
      });
    }

    new CfnOutput(this, 'WebhookUrl', { value: botUrl.url, description: 'Register with scripts/register-webhook.ts' });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
    for (const [name, q] of Object.entries({ payments, pension, dkk, outbound })) {
      new CfnOutput(this, `${name}QueueUrl`, { value: q.queue.queueUrl });
    }
  }
}
