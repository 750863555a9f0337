import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { createIngestRecordHandler } from '../../functions/ingest/record-handler';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { keyedEvent } from '../../shared/app/fact-record';
import { caseFactRecords, caseStatusFrom, citizenView } from '../../shared/app/views';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { derivationToJson, derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { createTestTable } from '../helpers/dynamodb';
import { application, at, credited, dkk, documents, IIN, payment, transfer } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryChangeSink } from '../helpers/in-memory-sinks';
import { queueOfTestArn, RecordingDeadLetters, RecordingTelemetry, sqsEvent } from '../helpers/sqs';

const calendar = kazakhstanCalendar();
const now = at('2026-06-01T12:00');
const context = { functionName: 'ingest-property' } as Context;

/** Random, valid event streams over a few citizens and cases, with upstream corrections. */
const eventStream = fc
  .record({
    payments: fc.array(
      fc.record({
        iin: fc.constantFrom(IIN.aigerim, IIN.bolat, IIN.dana),
        month: fc.integer({ min: 1, max: 5 }),
        rejected: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    credits: fc.array(fc.record({ caseId: fc.constantFrom('P-1', 'P-2'), day: fc.integer({ min: 1, max: 28 }) }), {
      maxLength: 4,
    }),
    documents: fc.array(fc.record({ caseId: fc.constantFrom('P-1', 'P-2'), day: fc.integer({ min: 1, max: 28 }) }), {
      maxLength: 3,
    }),
    withDkk: fc.boolean(),
    withTransfer: fc.boolean(),
  })
  .map(({ payments, credits, documents: docs, withDkk, withTransfer }) => {
    const day = (n: number) => String(n).padStart(2, '0');
    const events: UpstreamEvent[] = [
      application({ caseId: 'P-1', patientIin: IIN.dana }),
      application({ caseId: 'P-2', iin: IIN.bolat }),
      ...payments.map((p) =>
        payment({
          iin: p.iin,
          period: `2026-0${p.month}`,
          ...(p.rejected ? { status: 'rejected' as const, rejectReason: 'name mismatch' } : {}),
        }),
      ),
      ...credits.map((c, i) =>
        credited(
          { caseId: c.caseId, creditedOn: `2026-02-${day(c.day)}` },
          { occurredAt: `2026-02-28T10:${day(i)}:00+05:00` },
        ),
      ),
      ...docs.map((d) => documents({ caseId: d.caseId, submittedOn: `2026-04-${day(d.day)}` })),
    ];
    if (withDkk) events.push(dkk({ caseId: undefined, iin: IIN.dana, conclusionId: 'D-P1' }));
    if (withTransfer) events.push(transfer({ caseId: 'P-1', transferredOn: '2026-04-30' }));
    return events;
  });

describe('ingest property: any order, any duplication', () => {
  it('ends in the same stored facts and the same statuses as derive on the unshuffled stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventStream.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            fc.array(fc.nat({ max: Math.max(events.length - 1, 0) }), { maxLength: 8 }),
            fc.integer({ min: 1, max: 10 }),
          ),
        ),
        async ([original, shuffled, repeats, batchSize]) => {
          const table = await createTestTable(inject('dynamodbEndpoint'));
          const store = new DynamoFactStore(table.documents, table.tableName);
          const handler = createIngestRecordHandler({
            store,
            identity: testIdentity,
            changes: new InMemoryChangeSink(),
            deadLetters: new RecordingDeadLetters(),
            clock: { now: () => now },
            calendar,
            queueOf: queueOfTestArn,
            telemetry: new RecordingTelemetry(),
          });
          const delivery = [...shuffled, ...repeats.map((i) => shuffled[i] as UpstreamEvent)].map((e) =>
            JSON.stringify(e),
          );
          const processor = new BatchProcessor(EventType.SQS);
          for (let start = 0; start < delivery.length; start += batchSize) {
            const event = sqsEvent(delivery.slice(start, start + batchSize));
            const result = await processPartialResponse(event, handler, processor, { context });
            expect(result.batchItemFailures).toEqual([]);
          }

          const expected = derive({ events: original.map((e) => keyedEvent(e, testIdentity)), at: now, calendar });
          const scanned = await table.client.send(new ScanCommand({ TableName: table.tableName }));
          const storedKeys = (scanned.Items ?? [])
            .map((item) => unmarshall(item))
            .filter((item) => String(item.pk).startsWith('EVT#'))
            .map((item) => item.eventKey)
            .sort();
          expect(storedKeys).toEqual([...new Set(original.map((e) => `${e.source}#${e.eventId}`))].sort());

          for (const [citizenKey, citizen] of expected.citizens) {
            const view = await citizenView({ facts: store, at: now, calendar }, citizenKey);
            expect(view.insurance).toEqual(citizen.insurance);
            expect(view.caseIds).toEqual(citizen.caseIds);
          }
          for (const [caseId, status] of expected.cases) {
            expect(caseStatusFrom(await caseFactRecords(store, caseId), caseId, { at: now, calendar })).toEqual(status);
          }
          expect(derivationToJson(expected).conflicts).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });
});
