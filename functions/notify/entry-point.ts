import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoOutboxMarkers } from '../../shared/adapters/dynamodb/outbox-markers';
import { DynamoScheduleBook } from '../../shared/adapters/dynamodb/schedule-book';
import { EventBridgeScheduler } from '../../shared/adapters/scheduler/eventbridge';
import { SqsDeadLetterSink } from '../../shared/adapters/sqs/dead-letters';
import { SqsDueQueue, SqsNotifyQueue } from '../../shared/adapters/sqs/queues';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import type { ScheduleTarget, Telemetry } from '../../shared/app/ports';
import { METRICS_NAMESPACE } from '../../shared/contracts/environment';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { PlannerConfig } from './config';

/**
 * What the three notify entry points share: Powertools logging and metrics (no X-Ray SDK: Lambda's active tracing
 * gives the invocation segment; docs/architecture.md "Tracing"), the AWS clients, and the SQS batch wiring. Each entry
 * point builds only what it uses, once per cold start.
 */
export function observability(serviceName: string) {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ serviceName, namespace: METRICS_NAMESPACE });
  return { logger, metrics, telemetry: powertoolsTelemetry(logger, metrics) };
}

export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

export const sqsClient = () => new SQSClient({});

/** The one-time schedules an entry point makes, with only the targets it may deliver to. */
export function eventBridgeScheduler(config: {
  SCHEDULE_GROUP: string;
  SCHEDULER_ROLE_ARN: string;
  SCHEDULER_DLQ_ARN: string;
  targets: Partial<Record<ScheduleTarget, string>>;
}): EventBridgeScheduler {
  return new EventBridgeScheduler(new SchedulerClient({}), {
    groupName: config.SCHEDULE_GROUP,
    roleArn: config.SCHEDULER_ROLE_ARN,
    targets: config.targets,
    deadLetterQueueArn: config.SCHEDULER_DLQ_ARN,
  });
}

/**
 * What the planner and the due handler both work with: the facts, chats, schedules and outbox markers in the table,
 * the due and notify queues, and one-time schedules onto the due queue. The due handler adds the operator's queue.
 */
export function casePorts(config: PlannerConfig, telemetry: Telemetry) {
  const documents = documentClient();
  const sqs = sqsClient();
  return {
    sqs,
    ports: {
      facts: new DynamoFactStore(documents, config.TABLE_NAME),
      chats: new DynamoChatStore(documents, config.TABLE_NAME),
      book: new DynamoScheduleBook(documents, config.TABLE_NAME),
      outbox: new DynamoOutboxMarkers(documents, config.TABLE_NAME),
      scheduler: eventBridgeScheduler({ ...config, targets: { due: config.DUE_QUEUE_ARN } }),
      due: new SqsDueQueue(sqs, config.DUE_QUEUE_URL),
      notify: new SqsNotifyQueue(sqs, config.NOTIFY_QUEUE_URL),
      clock: systemClock,
      calendar: kazakhstanCalendar(),
      deadLetters: new SqsDeadLetterSink(sqs, config.DEAD_LETTER_QUEUES),
      telemetry,
    },
  };
}

type RecordHandler = (record: SQSRecord) => Promise<void>;

/** An SQS-triggered Lambda handler: partial batch responses (a failed record is retried alone), logs and metrics. */
export function sqsEntryPoint(
  tools: { logger: Logger; metrics: Metrics },
  recordHandler: (context: Context) => Promise<RecordHandler>,
) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, await recordHandler(context), processor, { context, throwOnFullBatchFailure: false }),
  )
    .use(injectLambdaContext(tools.logger))
    .use(logMetrics(tools.metrics, { captureColdStartMetric: true }));
}
