import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIngestBatchHandler } from '../../functions/ingest/batch';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { SqsChangeSink } from '../../shared/adapters/sqs/change-sink';
import { toFactRecord } from '../../shared/app/fact-record';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { at, payment } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { queueOfTestArn, RecordingDeadLetters, RecordingTelemetry, sqsEvent } from '../helpers/sqs';

const CHANGES_URL = 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/osms-dev-changes';
const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const context = { functionName: 'ingest' } as Context;

/** SQS that refuses the entries whose body matches `refuse`, as it answers an entry it could not take. */
function changesQueueRefusing(refuse: (body: string) => boolean) {
  const sent: string[] = [];
  sqs.on(SendMessageBatchCommand).callsFake(({ Entries }: { Entries: SendMessageBatchRequestEntry[] }) => {
    const refused = Entries.filter((entry) => refuse(entry.MessageBody ?? ''));
    const accepted = Entries.filter((entry) => !refused.includes(entry));
    sent.push(...accepted.map((entry) => entry.MessageBody ?? ''));
    return {
      Successful: accepted.map((entry) => ({ Id: entry.Id, MessageId: 'm', MD5OfMessageBody: '' })),
      Failed: refused.map((entry) => ({ Id: entry.Id, SenderFault: false, Code: 'InternalError' })),
    };
  });
  return sent;
}

function batchHandler(telemetry = new RecordingTelemetry()) {
  const client = new DynamoDBClient({ region: 'ap-southeast-1' });
  return createIngestBatchHandler({
    store: new DynamoFactStore(DynamoDBDocumentClient.from(client), 'osms-dev', client),
    identity: testIdentity,
    changes: new SqsChangeSink(new SQSClient({ region: 'ap-southeast-1' }), CHANGES_URL, telemetry),
    deadLetters: new RecordingDeadLetters(),
    clock: { now: () => at('2026-06-01T12:00') },
    calendar: kazakhstanCalendar(),
    queueOf: queueOfTestArn,
    telemetry,
  });
}

/** The payments' IIN (test/helpers/events.ts): what an error message quoting a request body would leak. */
const IIN_IN_BODY = payment().data.iin;

const periods = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  dynamo.on(PutItemCommand).resolves({});
});

describe('ingest batch: the changes of a whole batch sent together', () => {
  it('sends twelve records’ changes in two SendMessageBatch requests at the end of the batch', async () => {
    const sent = changesQueueRefusing(() => false);
    const event = sqsEvent(periods.map((period) => JSON.stringify(payment({ period }))));
    const result = await batchHandler()(event, context);
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([
      10, 2,
    ]);
    expect(sent.map((body) => JSON.parse(body).change.period).sort()).toEqual(periods);
    // The hot write went through the low-level client, marshalled, one conditional put per event.
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(12);
    expect(dynamo.commandCalls(PutItemCommand)[0]?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('reports exactly the records whose changes SQS refused, so only they are delivered again', async () => {
    const sent = changesQueueRefusing((body) => /"period":"2025-0[37]"/.test(body));
    const event = sqsEvent(periods.map((period) => JSON.stringify(payment({ period }))));
    const telemetry = new RecordingTelemetry();
    const result = await batchHandler(telemetry)(event, context);
    const refused = [event.Records[2]?.messageId, event.Records[6]?.messageId];
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(refused.sort());
    expect(sent).toHaveLength(10);
    expect(telemetry.metrics.filter((m) => m.metric === 'MessagesRetried')).toHaveLength(2);

    // The redelivery: the store answers "duplicate" and the changes are handed over again — nothing is lost.
    sqs.reset();
    const resent = changesQueueRefusing(() => false);
    const redelivered = [event.Records[2], event.Records[6]].flatMap((record) => (record ? [record] : []));
    const storedFacts = redelivered.map((record) => toFactRecord(JSON.parse(record.body), testIdentity));
    dynamo.on(PutItemCommand).callsFake(({ Item }) => {
      const stored = storedFacts.find((fact) => Item.eventKey.S === fact.eventKey);
      throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {}, Item: marshall(stored ?? {}) });
    });
    const again = await batchHandler()(
      { Records: [event.Records[2], event.Records[6]].flatMap((r) => (r ? [r] : [])) },
      context,
    );
    expect(again.batchItemFailures).toEqual([]);
    expect(resent.map((body) => JSON.parse(body).change.period).sort()).toEqual(['2025-03', '2025-07']);
  });

  it('fails every record of a request that failed as a whole, and sends nothing for a record that failed itself', async () => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error('unreachable'), { name: 'QueueUnavailable' }));
    const event = sqsEvent(periods.slice(0, 3).map((period) => JSON.stringify(payment({ period }))));
    const result = await batchHandler()(event, context);
    expect(result.batchItemFailures).toHaveLength(3);

    sqs.reset();
    const sent = changesQueueRefusing(() => false);
    dynamo.reset();
    dynamo
      .on(PutItemCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .resolves({});
    const second = await batchHandler()(
      sqsEvent(periods.slice(0, 3).map((period) => JSON.stringify(payment({ period })))),
      context,
    );
    expect(second.batchItemFailures).toHaveLength(1);
    expect(sent).toHaveLength(2);
  });

  it('logs why a request failed, once per request, by the error’s name and code and never its message', async () => {
    const telemetry = new RecordingTelemetry();
    const quoting = `Value ${IIN_IN_BODY} for parameter MessageBody is invalid`;
    sqs.on(SendMessageBatchCommand).rejects(
      Object.assign(new Error(quoting), {
        name: 'QueueUnavailable',
        Code: 'AWS.SimpleQueueService.QueueUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    const event = sqsEvent(periods.map((period) => JSON.stringify(payment({ period }))));
    const result = await batchHandler(telemetry)(event, context);
    // The per-record handling is unchanged: every record of both failed requests is delivered again.
    expect(result.batchItemFailures).toHaveLength(12);
    const failures = telemetry.lines.filter((line) => line.message.startsWith('SendMessageBatch'));
    expect(failures).toEqual(
      [10, 2].map((entries) => ({
        level: 'warn',
        message: 'SendMessageBatch to the changes queue failed',
        attributes: {
          errorName: 'QueueUnavailable',
          errorCode: 'AWS.SimpleQueueService.QueueUnavailable',
          fault: 'server',
          httpStatus: 503,
          entries,
        },
      })),
    );
    expect(JSON.stringify(telemetry.lines)).not.toContain(IIN_IN_BODY);
  });

  it('logs the codes of the entries SQS refused, once for the request', async () => {
    const telemetry = new RecordingTelemetry();
    changesQueueRefusing((body) => /"period":"2025-0[37]"/.test(body));
    const event = sqsEvent(periods.map((period) => JSON.stringify(payment({ period }))));
    const result = await batchHandler(telemetry)(event, context);
    expect(result.batchItemFailures).toHaveLength(2);
    expect(telemetry.lines.filter((line) => line.message.startsWith('SendMessageBatch'))).toEqual([
      {
        level: 'warn',
        message: 'SendMessageBatch to the changes queue refused entries',
        attributes: { errorCode: 'InternalError', senderFault: false, entries: 2 },
      },
    ]);
  });
});
