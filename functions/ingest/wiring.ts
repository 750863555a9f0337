import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { loadIdentity, SecretsManagerSource } from '../../shared/adapters/secrets';
import { SqsChangeSink } from '../../shared/adapters/sqs/change-sink';
import { SqsDeadLetterSink } from '../../shared/adapters/sqs/dead-letters';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import { METRICS_NAMESPACE } from '../../shared/contracts/environment';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { createIngestBatchHandler } from './batch';
import { ingestConfig } from './config';
import { batchTelemetry } from './telemetry';

/** What the ingest builds once per cold start: exported so `npm run bench` measures exactly this wiring. */
export function ingestWiring(environment: NodeJS.ProcessEnv) {
  const config = ingestConfig(environment);
  const logger = new Logger({ serviceName: 'ingest' });
  const metrics = new Metrics({ serviceName: 'ingest', namespace: METRICS_NAMESPACE });
  // The hot write (one conditional PutItem per event) goes through the low-level client with the resolved middleware
  // cached per command; the DocumentClient refuses `cacheMiddleware`, and reads stay on it (docs/ingest.md "Cost").
  const dynamo = new DynamoDBClient({ cacheMiddleware: true });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sqs = new SQSClient({});
  return { config, logger, metrics, dynamo, documents, sqs };
}

export type IngestWiring = ReturnType<typeof ingestWiring>;

/** The Lambda handler over a wiring: middy with the Powertools logger context and one metrics flush per invocation. */
export function ingestLambda(wiring: IngestWiring) {
  const { config, logger, metrics, sqs } = wiring;
  const calendar = kazakhstanCalendar();
  let batchHandler: ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) | undefined;
  async function handleBatch(event: SQSEvent, context: Context) {
    // The secret is fetched on the first invocation (not at import), so a missing secret fails that batch — retried,
    // and counted for the alarm — rather than crashing the runtime.
    batchHandler ??= createIngestBatchHandler({
      store: new DynamoFactStore(wiring.documents, config.TABLE_NAME, wiring.dynamo),
      identity: await loadIdentity(
        new SecretsManagerSource(),
        config.IDENTITY_SECRET_NAME,
        powertoolsTelemetry(logger, metrics),
      ),
      changes: new SqsChangeSink(sqs, config.CHANGES_QUEUE_URL, powertoolsTelemetry(logger, metrics)),
      deadLetters: new SqsDeadLetterSink(sqs, config.DEAD_LETTER_QUEUES),
      clock: systemClock,
      calendar,
      telemetry: batchTelemetry(logger, metrics),
      queueOf: (arn) => (arn === undefined ? undefined : config.UPSTREAM_QUEUES[arn]),
    });
    return batchHandler(event, context);
  }
  return middy(handleBatch)
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
