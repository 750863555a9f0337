import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIngestRecordHandler } from '../../functions/ingest/record-handler';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { SqsChangeSink } from '../../shared/adapters/sqs/change-sink';
import { SqsDeadLetterSink, UnknownSourceQueueError } from '../../shared/adapters/sqs/dead-letters';
import { toFactRecord } from '../../shared/app/fact-record';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { at, contact, credited, documents as documentsEvent, IIN, payment } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { queueOfTestArn, RecordingTelemetry, sqsRecord, UPSTREAM_QUEUE_ARNS } from '../helpers/sqs';

const DLQ_URL = 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/osms-dev-payments-dlq';
const CHANGES_URL = 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/osms-dev-changes';

const documents = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

function handlerWith(telemetry = new RecordingTelemetry()) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
  const sqsClient = new SQSClient({ region: 'ap-southeast-1' });
  return {
    telemetry,
    handle: createIngestRecordHandler({
      store: new DynamoFactStore(client, 'osms-dev'),
      identity: testIdentity,
      changes: new SqsChangeSink(sqsClient, CHANGES_URL),
      deadLetters: new SqsDeadLetterSink(
        sqsClient,
        Object.fromEntries(Object.values(UPSTREAM_QUEUE_ARNS).map((arn) => [arn, DLQ_URL])),
      ),
      clock: { now: () => at('2026-06-01T12:00') },
      calendar: kazakhstanCalendar(),
      queueOf: queueOfTestArn,
      telemetry,
    }),
  };
}

beforeEach(() => {
  documents.reset();
  sqs.reset();
  sqs
    .on(SendMessageBatchCommand)
    .resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }], Failed: [] });
  sqs.on(SendMessageCommand).resolves({});
});

describe('ingest record handler (AWS SDK mocked)', () => {
  it('writes a payment as one conditional put keyed by source and id, with no raw IIN', async () => {
    documents.on(PutCommand).resolves({});
    const event = payment({ period: '2026-04' }, { eventId: 'pay-1', source: 'gov4c.payments' });
    const { handle, telemetry } = handlerWith();
    await handle(sqsRecord(JSON.stringify(event)));

    const puts = documents.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    const input = puts[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: 'osms-dev',
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      Item: {
        pk: 'EVT#gov4c.payments#pay-1',
        sk: 'FACT',
        gsi1pk: `CIT#${testIdentity.citizenKey(IIN.aigerim)}`,
        gsi1sk: 'PAY#2026-04#gov4c.payments#pay-1',
        iinMasked: '85••••••••21',
      },
    });
    expect(JSON.stringify(input)).not.toContain(IIN.aigerim);
    expect(documents.commandCalls(QueryCommand)).toHaveLength(0);
    const sent = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(sent?.QueueUrl).toBe(CHANGES_URL);
    expect(JSON.parse(sent?.Entries?.[0]?.MessageBody ?? '{}')).toEqual({
      schemaVersion: 1,
      change: {
        kind: 'payment_recorded',
        citizenKey: testIdentity.citizenKey(IIN.aigerim),
        period: '2026-04',
        accepted: true,
        eventKey: 'gov4c.payments#pay-1',
      },
    });
    expect(telemetry.metrics).toEqual([{ metric: 'EventsStored', dimensions: {} }]);
  });

  it('treats a failed condition with the same content as a duplicate, without a read', async () => {
    const event = payment({ period: '2026-04' });
    const stored = toFactRecord(event, testIdentity);
    documents.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'failed',
        $metadata: {},
        Item: marshall({ ...stored, pk: 'x', sk: 'FACT' }),
      }),
    );
    const { handle, telemetry } = handlerWith();
    await handle(sqsRecord(JSON.stringify(event)));
    expect(documents.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(telemetry.metrics).toEqual([{ metric: 'EventsDuplicate', dimensions: {} }]);
  });

  it('keeps a conflicting version beside the stored one, marks both under review and dead-letters nothing', async () => {
    const original = payment({ period: '2026-04' }, { eventId: 'pay-9', source: 'gov4c.payments' });
    const altered = payment({ period: '2026-05' }, { eventId: 'pay-9', source: 'gov4c.payments' });
    const stored = toFactRecord(original, testIdentity);
    documents.on(PutCommand, { ConditionExpression: 'attribute_not_exists(pk)' }).rejects(
      new ConditionalCheckFailedException({
        message: 'failed',
        $metadata: {},
        Item: marshall({ ...stored, pk: 'x', sk: 'FACT' }),
      }),
    );
    documents.on(UpdateCommand).resolves({});
    const { handle, telemetry } = handlerWith();
    await handle(sqsRecord(JSON.stringify(altered)));

    const version = documents.commandCalls(PutCommand).find((call) => !call.args[0].input.ConditionExpression);
    expect(version?.args[0].input.Item).toMatchObject({
      pk: 'EVT#gov4c.payments#pay-9',
      sk: expect.stringMatching(/^V#/),
      conflict: true,
      gsi1pk: expect.stringMatching(/^CIT#c1\./),
    });
    const update = documents.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.Key).toEqual({ pk: 'EVT#gov4c.payments#pay-9', sk: 'FACT' });
    // The stored version stays in every view: nothing is removed.
    expect(update?.UpdateExpression).not.toContain('REMOVE');
    expect(update?.ExpressionAttributeValues?.[':list']).toBe('REVIEW');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(telemetry.metrics).toEqual([{ metric: 'ReviewItemsOpened', dimensions: { producer: 'gov4c' } }]);
  });

  it('dead-letters an event whose source may not send its type on the queue it came from, storing nothing', async () => {
    // The attack: a victim's phone of record sent on the ДКК queue, under any source name.
    const forged = { ...contact(IIN.aigerim, '+77770000000'), source: 'mis.dkk' };
    const onDkkQueue = sqsRecord(JSON.stringify(forged), { eventSourceARN: UPSTREAM_QUEUE_ARNS.dkk });
    const { handle, telemetry } = handlerWith();
    await handle(onDkkQueue);
    expect(documents.calls()).toHaveLength(0);
    const letter = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(letter?.MessageAttributes?.category?.StringValue).toBe('source_not_allowed');
    expect(letter?.MessageAttributes?.reason?.StringValue).toMatch(/^source_not_allowed:/);
    expect(telemetry.metrics).toEqual([
      { metric: 'MessagesRejected', dimensions: { reason: 'source_not_allowed', producer: 'unknown' } },
    ]);
    // The right source on the wrong queue is refused too: pairs belong to queues.
    const rightSourceWrongQueue = sqsRecord(JSON.stringify(contact()), { eventSourceARN: UPSTREAM_QUEUE_ARNS.pension });
    await handle(rightSourceWrongQueue);
    expect(documents.calls()).toHaveLength(0);
  });

  it("refuses ENPF and the operator each other's event types on the shared pension queue", async () => {
    const { handle } = handlerWith();
    const creditByOperator = { ...credited(), source: 'otbasy.cabinet' };
    const documentsByEnpf = { ...documentsEvent(), source: 'enpf.payments' };
    for (const event of [creditByOperator, documentsByEnpf]) {
      await handle(sqsRecord(JSON.stringify(event), { eventSourceARN: UPSTREAM_QUEUE_ARNS.pension }));
    }
    expect(documents.calls()).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(2);
  });

  it('dead-letters an invalid message without touching the table, logging the reason but not the body', async () => {
    const { handle, telemetry } = handlerWith();
    const spoiled = { ...payment(), data: { ...payment().data, amountTiyn: -1 } };
    await handle(sqsRecord(JSON.stringify(spoiled)));
    expect(documents.calls()).toHaveLength(0);
    const letter = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(letter?.MessageAttributes?.reason?.StringValue).toBe('data.amountTiyn: must not be negative');
    expect(telemetry.lines).toEqual([
      {
        level: 'warn',
        message: 'message rejected and dead-lettered',
        attributes: { messageId: expect.any(String), reason: 'data.amountTiyn: must not be negative' },
      },
    ]);
    expect(JSON.stringify(telemetry.lines)).not.toContain(IIN.aigerim);
    expect(telemetry.metrics).toEqual([
      { metric: 'MessagesRejected', dimensions: { reason: 'data.amountTiyn', producer: 'unknown' } },
    ]);
  });

  it('throws (so SQS retries) when the table is unavailable, and logs only the error name', async () => {
    documents
      .on(PutCommand)
      .rejects(Object.assign(new Error(`throttled for ${IIN.aigerim}`), { name: 'ThrottlingException' }));
    const { handle, telemetry } = handlerWith();
    await expect(handle(sqsRecord(JSON.stringify(payment())))).rejects.toThrow();
    expect(telemetry.lines.at(-1)).toMatchObject({ level: 'error', attributes: { error: 'ThrottlingException' } });
    expect(JSON.stringify(telemetry.lines)).not.toContain(IIN.aigerim);
    expect(telemetry.metrics).toEqual([{ metric: 'MessagesRetried', dimensions: {} }]);
  });

  it('throws when the changes queue refuses part of a batch, and when no DLQ is configured for a queue', async () => {
    documents.on(PutCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });
    await expect(handlerWith().handle(sqsRecord(JSON.stringify(payment())))).rejects.toThrow(/were not accepted/);
    const stranger = sqsRecord('not json', { eventSourceARN: 'arn:aws:sqs:ap-southeast-1:111122223333:other' });
    await expect(handlerWith().handle(stranger)).rejects.toThrow(UnknownSourceQueueError);
  });
});

describe('ingest: a sender clock far ahead', () => {
  it('dead-letters an event stamped more than a day after it was received, storing nothing', async () => {
    // The handler's clock is 2026-06-01 12:00; a credit "occurring" in 2099 would win every later correction.
    const future = credited({ caseId: 'OB-F' }, { occurredAt: '2099-01-01T00:00:00+05:00' });
    const { handle, telemetry } = handlerWith();
    await handle(sqsRecord(JSON.stringify(future)));
    expect(documents.calls()).toHaveLength(0);
    expect(telemetry.metrics).toEqual([
      { metric: 'MessagesRejected', dimensions: { reason: 'occurredAt', producer: 'enpf' } },
    ]);
    const slightlyAhead = credited({ caseId: 'OB-F' }, { occurredAt: '2026-06-01T18:00:00+05:00' });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [] });
    await handle(sqsRecord(JSON.stringify(slightlyAhead)));
    expect(documents.commandCalls(PutCommand)).toHaveLength(1);
  });
});
