import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import {
  DynamoNotificationLedger,
  DynamoOutboxMarkers,
  DynamoScheduleBook,
} from '../../shared/adapters/dynamodb/work-store';
import { EventBridgeScheduler } from '../../shared/adapters/scheduler/eventbridge';
import { SecretsManagerSource } from '../../shared/adapters/secrets';
import { SqsDeadLetterSink } from '../../shared/adapters/sqs/dead-letters';
import { SqsDueQueue, SqsNotifyQueue, SqsOutboundQueue } from '../../shared/adapters/sqs/queues';
import { grammyTelegramSender } from '../../shared/adapters/telegram';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { NotifyDependencies } from './case-work';
import { notifyConfig } from './config';
import { createDueHandler } from './due';
import { createPlanner } from './planner';
import { createSender } from './sender';

// Built once per cold start; the three entry points share the wiring and differ in their record handler.
const config = notifyConfig(process.env);
const logger = new Logger({ serviceName: 'notify' });
const metrics = new Metrics({ serviceName: 'notify', namespace: 'OsmsBot' });
const tracer = new Tracer({ serviceName: 'notify' });
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
const telemetry = powertoolsTelemetry(logger, metrics);
const scheduler = new EventBridgeScheduler(tracer.captureAWSv3Client(new SchedulerClient({})), {
  groupName: config.SCHEDULE_GROUP,
  roleArn: config.SCHEDULER_ROLE_ARN,
  targets: { due: config.DUE_QUEUE_ARN, notify: config.NOTIFY_QUEUE_ARN },
  deadLetterQueueArn: config.SCHEDULER_DLQ_ARN,
});
const deadLetters = new SqsDeadLetterSink(sqs, config.DEAD_LETTER_QUEUES);
const shared: NotifyDependencies = {
  facts: new DynamoFactStore(documents, config.TABLE_NAME),
  chats: new DynamoChatStore(documents, config.TABLE_NAME),
  book: new DynamoScheduleBook(documents, config.TABLE_NAME),
  scheduler,
  due: new SqsDueQueue(sqs, config.DUE_QUEUE_URL),
  notify: new SqsNotifyQueue(sqs, config.NOTIFY_QUEUE_URL),
  clock: systemClock,
  calendar: kazakhstanCalendar(),
};
const processor = new BatchProcessor(EventType.SQS);

function sqsEntryPoint(recordHandler: (context: Context) => Promise<(record: SQSRecord) => Promise<void>>) {
  return middy(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, await recordHandler(context), processor, { context, throwOnFullBatchFailure: false }),
  )
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

const planner = createPlanner({ ...shared, deadLetters, telemetry });
const due = createDueHandler({
  ...shared,
  deadLetters,
  telemetry,
  outbound: new SqsOutboundQueue(sqs, config.OUTBOUND_QUEUE_URL),
  outbox: new DynamoOutboxMarkers(documents, config.TABLE_NAME),
  outboundSource: config.OUTBOUND_SOURCE,
});
let sender: ((record: SQSRecord) => Promise<void>) | undefined;

/** Changes queue → schedules and immediate notifications. */
export const planHandler = sqsEntryPoint(async () => planner);
/** Due queue (schedules fire here; daily sweeps) → checks that re-read state. */
export const dueHandler = sqsEntryPoint(async () => due);
/** Notify queue → Telegram. The bot token is read from Secrets Manager on the first invocation. */
export const sendHandler = sqsEntryPoint(async () => {
  sender ??= createSender({
    chats: shared.chats,
    ledger: new DynamoNotificationLedger(documents, config.TABLE_NAME),
    telegram: grammyTelegramSender({
      token: await new SecretsManagerSource().secret(config.TELEGRAM_TOKEN_SECRET_NAME),
    }),
    scheduler,
    deadLetters,
    clock: systemClock,
    telemetry,
  });
  return sender;
});
