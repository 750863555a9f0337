import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { loadIdentity, SecretsManagerSource } from '../../shared/adapters/secrets';
import { SqsChangeSink } from '../../shared/adapters/sqs/change-sink';
import { SqsDeadLetterSink } from '../../shared/adapters/sqs/dead-letters';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import { METRICS_NAMESPACE } from '../../shared/contracts/environment';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { ingestConfig } from './config';
import { createIngestRecordHandler } from './record-handler';

// Built once per cold start. No X-Ray tracer: Lambda's active tracing gives the invocation segment, and the X-Ray SDK
// would add ~100 KiB and its import time to every cold start (docs/architecture.md "Tracing").
const config = ingestConfig(process.env);
const logger = new Logger({ serviceName: 'ingest' });
const metrics = new Metrics({ serviceName: 'ingest', namespace: METRICS_NAMESPACE });
const telemetry = powertoolsTelemetry(logger, metrics);
const sqs = new SQSClient({});
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const processor = new BatchProcessor(EventType.SQS);
const calendar = kazakhstanCalendar();

let recordHandler: ((record: SQSRecord) => Promise<void>) | undefined;

async function handleBatch(event: SQSEvent, context: Context) {
  // The secret is fetched on the first invocation (not at import), so a missing secret fails that batch — retried,
  // and counted for the alarm — rather than crashing the runtime.
  recordHandler ??= createIngestRecordHandler({
    store: new DynamoFactStore(documents, config.TABLE_NAME),
    identity: await loadIdentity(new SecretsManagerSource(), config.IDENTITY_SECRET_NAME, telemetry),
    changes: new SqsChangeSink(sqs, config.CHANGES_QUEUE_URL),
    deadLetters: new SqsDeadLetterSink(sqs, config.DEAD_LETTER_QUEUES),
    clock: systemClock,
    calendar,
    telemetry,
    queueOf: (arn) => (arn === undefined ? undefined : config.UPSTREAM_QUEUES[arn]),
  });
  return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
}

/** SQS → facts in DynamoDB, with partial batch responses: a failed record is retried alone. */
export const handler = middy(handleBatch)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
