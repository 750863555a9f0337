import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ProvisionedThroughputExceededException, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createIngestRecordHandler } from '../../functions/ingest/record-handler';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import type { FactRecord } from '../../shared/app/fact-record';
import { openReviewItems, ReviewResolutionError, resolveReviewItem } from '../../shared/app/review';
import { caseView, citizenView } from '../../shared/app/views';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { UpstreamEvent } from '../../shared/domain/events';
import { createTestTable, READ_OPERATIONS, type TestTable, WRITE_OPERATIONS } from '../helpers/dynamodb';
import { application, at, contact, credited, dkk, documents, IIN, payment } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryChangeSink } from '../helpers/in-memory-sinks';
import { personalDataIn } from '../helpers/privacy-guard';
import { queueOfTestArn, RecordingDeadLetters, sqsEvent } from '../helpers/sqs';

const context = { functionName: 'ingest-test', awsRequestId: 'req-1' } as Context;
const now = at('2026-06-01T12:00');

async function setUp() {
  const table = await createTestTable(inject('dynamodbEndpoint'));
  const store = new DynamoFactStore(table.documents, table.tableName);
  const changes = new InMemoryChangeSink();
  const deadLetters = new RecordingDeadLetters();
  const metrics = new Metrics({ serviceName: 'ingest-test', namespace: 'Test' });
  const recordHandler = createIngestRecordHandler({
    store,
    identity: testIdentity,
    changes,
    deadLetters,
    clock: { now: () => now },
    calendar: kazakhstanCalendar(),
    queueOf: queueOfTestArn,
    telemetry: powertoolsTelemetry(new Logger({ serviceName: 'ingest-test' }), metrics),
  });
  const processor = new BatchProcessor(EventType.SQS);
  const ingest = (bodies: readonly string[]) =>
    processPartialResponse(sqsEvent(bodies), recordHandler, processor, { context, throwOnFullBatchFailure: false });
  return { table, store, changes, deadLetters, ingest, metrics };
}

const body = (event: UpstreamEvent) => JSON.stringify(event);
/** A stored payment's period; any other fact shows as its type, so an unexpected one fails the assertion. */
const periodOf = (fact: FactRecord) => (fact.type === 'osms.payment' ? fact.data.period : fact.type);

async function scanAll(table: TestTable) {
  const result = await table.client.send(new ScanCommand({ TableName: table.tableName }));
  return (result.Items ?? []).map((item) => unmarshall(item));
}

describe('ingest into DynamoDB Local', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeEach(async () => {
    env = await setUp();
  });

  it('stores a payment with one write request and no read', async () => {
    const result = await env.ingest([body(payment({ period: '2026-04' }))]);
    expect(result.batchItemFailures).toEqual([]);
    expect(env.table.requests.total(WRITE_OPERATIONS)).toBe(1);
    expect(env.table.requests.total(READ_OPERATIONS)).toBe(0);
    const facts = await env.store.citizenFacts(testIdentity.citizenKey(IIN.aigerim));
    expect(facts.map(periodOf)).toEqual(['2026-04']);
    expect(env.changes.published).toEqual([
      {
        kind: 'payment_recorded',
        citizenKey: testIdentity.citizenKey(IIN.aigerim),
        period: '2026-04',
        accepted: true,
        eventKey: expect.stringMatching(/^gov4c\.payments#/),
      },
    ]);
  });

  it('changes nothing on a redelivery: one failed conditional write, no read, the change handed over again', async () => {
    const event = payment({ period: '2026-04' });
    await env.ingest([body(event)]);
    const before = await scanAll(env.table);
    env.table.requests.reset();
    const result = await env.ingest([body(event)]);
    expect(result.batchItemFailures).toEqual([]);
    expect(env.table.requests.total(WRITE_OPERATIONS)).toBe(1);
    expect(env.table.requests.total(READ_OPERATIONS)).toBe(0);
    expect(await scanAll(env.table)).toEqual(before);
    expect(env.changes.published).toHaveLength(2);
    expect(env.deadLetters.letters).toEqual([]);
  });

  it('keeps every version of a conflicting id and freezes what it touches, whichever came first', async () => {
    const original = payment({ period: '2026-04' }, { eventId: 'pay-77', source: 'gov4c.payments' });
    const altered = payment({ period: '2026-05' }, { eventId: 'pay-77', source: 'gov4c.payments' });
    const citizenKey = testIdentity.citizenKey(IIN.aigerim);
    for (const [first, second] of [
      [original, altered],
      [altered, original],
    ] as const) {
      const run = await setUp();
      await run.ingest([body(first)]);
      const result = await run.ingest([body(second)]);
      expect(result.batchItemFailures).toEqual([]);
      expect(run.deadLetters.letters).toEqual([]);
      // Nothing disappears from the citizen's view: both versions are there, both flagged.
      const held = await run.store.citizenFacts(citizenKey);
      expect(held.map((fact) => fact.conflict)).toEqual([true, true]);
      const view = await citizenView({ facts: run.store, at: now, calendar: kazakhstanCalendar() }, citizenKey);
      expect(view.monthsUnderReview).toEqual(['2026-04', '2026-05']);
      expect(view.contributions.filter((month) => month.state === 'under_review').map((m) => m.period)).toEqual([
        '2026-04',
        '2026-05',
      ]);
      const items = await openReviewItems(run.store);
      expect(items).toEqual([
        expect.objectContaining({ kind: 'conflict', eventKey: 'gov4c.payments#pay-77', type: 'osms.payment' }),
      ]);
      expect(items[0]?.versions).toHaveLength(2);
      // A later redelivery of either version changes nothing.
      await run.ingest([body(first), body(second)]);
      expect((await run.store.citizenFacts(citizenKey)).length).toBe(2);
      expect(run.deadLetters.letters).toEqual([]);
    }
  });

  it('resolves a conflict by keeping one version, with the decision recorded and the others out of every view', async () => {
    const original = payment({ period: '2026-04' }, { eventId: 'pay-78', source: 'gov4c.payments' });
    const altered = payment({ period: '2026-05' }, { eventId: 'pay-78', source: 'gov4c.payments' });
    await env.ingest([body(original), body(altered)]);
    const [item] = await openReviewItems(env.store);
    const keep = testIdentity.contentHash(original);
    expect(item?.versions).toContain(keep);
    const changes = {
      published: [] as unknown[],
      publish: async (c: readonly unknown[]) => void changes.published.push(...c),
    };
    await expect(
      resolveReviewItem(
        { facts: env.store, changes },
        { eventKey: 'gov4c.payments#pay-78', keep: 'nope', by: 'ops:test', why: 'upstream confirmed', at: now },
      ),
    ).rejects.toThrow(ReviewResolutionError);
    const resolved = await resolveReviewItem(
      { facts: env.store, changes },
      { eventKey: 'gov4c.payments#pay-78', keep, by: 'ops:test', why: 'upstream confirmed April', at: now },
    );
    expect(resolved.owners).toEqual([`CIT#${testIdentity.citizenKey(IIN.aigerim)}`]);
    expect(changes.published).toHaveLength(1);
    expect(await openReviewItems(env.store)).toEqual([]);
    const facts = await env.store.citizenFacts(testIdentity.citizenKey(IIN.aigerim));
    expect(facts.map((fact) => [periodOf(fact), fact.conflict])).toEqual([['2026-04', false]]);
    // The superseded version is still stored, with the decision: nothing was deleted.
    const stored = (await scanAll(env.table)).filter((i) => String(i.pk) === 'EVT#gov4c.payments#pay-78');
    expect(stored).toHaveLength(2);
    expect(stored.every((i) => (i.resolution as { by: string }).by === 'ops:test')).toBe(true);
    // Redelivering the losing version after the decision changes nothing.
    await env.ingest([body(altered)]);
    expect((await env.store.citizenFacts(testIdentity.citizenKey(IIN.aigerim))).length).toBe(1);
  });

  it("never fires a return order when a case's documents event is resent with a later date (under review)", async () => {
    const apply = application({ caseId: 'OB-R1' });
    const credit = credited({ caseId: 'OB-R1', creditedOn: '2026-03-20' });
    const inTime = documents({ caseId: 'OB-R1', submittedOn: '2026-06-01' }, { eventId: 'docs-r1' });
    const resent = { ...inTime, data: { ...inTime.data, submittedOn: '2026-06-05' } };
    await env.ingest([body(apply), body(credit), body(inTime)]);
    await env.ingest([body(resent)]);
    const later = { facts: env.store, at: at('2026-06-20T12:00'), calendar: kazakhstanCalendar() };
    const status = await caseView(later, 'OB-R1');
    expect(status).toMatchObject({ underReview: true, returnToFundDue: false });
    expect(status?.state).not.toBe('return_due');
  });

  it('holds a ДКК conclusion dated before the money arrived for operators, and lists it in the one review model', async () => {
    await env.ingest([
      body(application({ caseId: 'OB-H' })),
      body(credited({ caseId: 'OB-H', creditedOn: '2026-03-20' })),
    ]);
    const early = dkk({ caseId: 'OB-H', conclusionId: 'D-early', sessionDate: '2024-05-02' }, { eventId: 'dkk-early' });
    await env.ingest([body(early)]);
    const items = await openReviewItems(env.store);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'held_conclusion',
        eventKey: `${early.source}#dkk-early`,
        type: 'dkk.conclusion.issued',
      }),
    ]);
    expect(items[0]?.reason).toMatch(/before/);
    // Never announced: the change handed over names no ДКК arrival.
    const kinds = env.changes.published.flatMap((c) => (c.kind === 'case_updated' ? c.changes : []));
    expect(kinds).not.toContain('dkk_arrived');
    // An operator acknowledges it (the one version kept): it leaves the list, with the decision recorded.
    const keep = items[0]?.versions[0] ?? '';
    await resolveReviewItem(
      { facts: env.store, changes: new InMemoryChangeSink() },
      { eventKey: `${early.source}#dkk-early`, keep, by: 'ops:test', why: 'clinic confirmed an old session', at: now },
    );
    expect(await openReviewItems(env.store)).toEqual([]);
  });

  it('dead-letters poison messages with their reasons and commits the rest of the batch', async () => {
    const good = [payment({ period: '2026-03' }), payment({ period: '2026-04' })];
    const spoiled = { ...payment(), data: { ...payment().data, iin: '850415300122' } };
    const result = await env.ingest([
      body(good[0] as UpstreamEvent),
      '{"eventId": "truncated',
      JSON.stringify(spoiled),
      JSON.stringify({ ...payment(), data: { ...payment().data, period: '2026-13', amountTiyn: -5 } }),
      'x'.repeat(20_000),
      body(good[1] as UpstreamEvent),
    ]);
    expect(result.batchItemFailures).toEqual([]);
    expect(env.deadLetters.letters.map((letter) => letter.reason)).toEqual([
      'body: is not valid JSON',
      'data.iin: is not a valid IIN: the check digit (12th) does not match',
      'data.period: must be a real month YYYY-MM (01–12); data.amountTiyn: must not be negative',
      'body: larger than 16384 bytes',
    ]);
    expect(env.deadLetters.letters.map((letter) => letter.category)).toEqual([
      'body',
      'data.iin',
      'data.period',
      'body',
    ]);
    const facts = await env.store.citizenFacts(testIdentity.citizenKey(IIN.aigerim));
    expect(facts.map(periodOf).sort()).toEqual(['2026-03', '2026-04']);
  });

  it('retries a record whose write is throttled, alone, and loses nothing', async () => {
    let throttled = 0;
    env.table.client.middlewareStack.add(
      (next, ctx) => async (args) => {
        // Depending on where the document client marshals, the item is plain or in attribute-value form.
        const item = (args as { input: { Item?: { eventId?: unknown } } }).input.Item;
        const eventId = (item?.eventId as { S?: string } | undefined)?.S ?? item?.eventId;
        if (ctx.commandName === 'PutItemCommand' && eventId === 'flaky-1' && throttled === 0) {
          throttled += 1;
          throw new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleOnce' },
    );
    const flaky = payment({ period: '2026-02' }, { eventId: 'flaky-1' });
    const steady = payment({ period: '2026-03' }, { eventId: 'steady-1' });
    const event = sqsEvent([body(flaky), body(steady)]);
    const processor = new BatchProcessor(EventType.SQS);
    const handler = createIngestRecordHandler({
      store: env.store,
      identity: testIdentity,
      changes: env.changes,
      deadLetters: env.deadLetters,
      clock: { now: () => now },
      calendar: kazakhstanCalendar(),
      queueOf: queueOfTestArn,
      telemetry: powertoolsTelemetry(new Logger({ serviceName: 'ingest-test' }), env.metrics),
    });
    const first = await processPartialResponse(event, handler, processor, { context, throwOnFullBatchFailure: false });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    // SQS delivers the failed record again.
    const retry = { Records: event.Records.slice(0, 1) };
    expect((await processPartialResponse(retry, handler, processor, { context })).batchItemFailures).toEqual([]);
    const facts = await env.store.citizenFacts(testIdentity.citizenKey(IIN.aigerim));
    expect(facts.map((f) => f.eventId).sort()).toEqual(['flaky-1', 'steady-1']);
  });

  it('hands over what changed for a case: deadline set, ДКК arrived, documents arrived', async () => {
    await env.ingest([body(application({ caseId: 'OB-7', patientIin: IIN.dana }))]);
    await env.ingest([body(credited({ caseId: 'OB-7', creditedOn: '2026-03-20' }))]);
    await env.ingest([body(dkk({ caseId: undefined, conclusionId: 'D-7', iin: IIN.dana }))]);
    await env.ingest([body(documents({ caseId: 'OB-7', submittedOn: '2026-04-15' }))]);
    const caseChanges = env.changes.published.flatMap((change) =>
      change.kind === 'case_updated' ? [change.changes] : [],
    );
    expect(caseChanges).toEqual([
      ['case_opened'],
      ['deadline_set', 'plan_changed'],
      ['dkk_arrived'],
      ['documents_arrived', 'documents_received', 'plan_changed'],
    ]);
    const last = env.changes.published.at(-1);
    expect(last).toMatchObject({
      kind: 'case_updated',
      caseId: 'OB-7',
      citizenKeys: [testIdentity.citizenKey(IIN.aigerim), testIdentity.citizenKey(IIN.dana)],
    });
    // The change names what happened; the case as it is now is read by whoever acts on it.
    expect(await caseView({ facts: env.store, at: now, calendar: kazakhstanCalendar() }, 'OB-7')).toMatchObject({
      state: 'documents_submitted',
      documentsDeadline: '2026-06-02',
      transferDue: '2026-04-22',
    });
  });

  it('never stores a raw IIN or phone; keeps a masked IIN for display', async () => {
    await env.ingest([
      body(payment()),
      body(contact(IIN.aigerim, '+77015550123')),
      body(application({ patientIin: IIN.dana })),
      body(dkk({ caseId: undefined, iin: IIN.dana })),
    ]);
    const items = await scanAll(env.table);
    expect(items.length).toBeGreaterThan(4);
    const everything = JSON.stringify(items, (_, value) => (value instanceof Set ? [...value] : value));
    expect(personalDataIn(everything)).toEqual([]);
    expect(everything).not.toContain('7015550123');
    expect(items.filter((item) => item.iinMasked === '85••••••••21')).toHaveLength(3);
  });
});
