import { InternalServerError, ProvisionedThroughputExceededException, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { addDays, kazakhstanInstant } from '../../shared/domain/dates';
import type { UpstreamEvent } from '../../shared/domain/events';
import type { FakeTelegram } from '../../tools/fake-telegram';
import { createTestTable, type TestTable } from '../helpers/dynamodb';
import { application, credited, IIN, payment } from '../helpers/events';
import { withCheckDigit } from '../helpers/iin';
import { localPipelineOn } from '../helpers/pipeline';
import { FULL, scale, seededRandom } from './scale';

const _calendar = kazakhstanCalendar();
let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await telegram?.stop();
  telegram = undefined;
});

async function pipelineOn(table: TestTable, start: number) {
  const started = await localPipelineOn(table, { start });
  telegram = started.telegram;
  return started.pipeline;
}

function citizenIin(n: number): string {
  for (let serial = n; ; serial += 1) {
    const iin = withCheckDigit(`8${n % 10}0${1 + (n % 9)}1${n % 10}3${String(serial % 10_000).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

async function storedFacts(table: TestTable) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await table.client.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return items.filter((item) => String(item.pk).startsWith('EVT#'));
}

/** Totals for docs/reliability.md, printed by every run. */
function report(name: string, totals: Record<string, number>) {
  process.stdout.write(`reliability ${FULL ? 'full' : 'reduced'} | ${name} | ${JSON.stringify(totals)}\n`);
}

describe('fault injection', () => {
  it('stores every event exactly once while 10% of DynamoDB requests are throttled or fail with 5xx', async () => {
    const table = await createTestTable(inject('dynamodbEndpoint'), { maxAttempts: 1 });
    const random = seededRandom(42);
    let injected = 0;
    let faultsOn = true;
    // Before the request (throttled: nothing written) or after it (5xx on the way back: written, the caller unsure).
    table.client.middlewareStack.add(
      (next) => async (args) => {
        const roll = faultsOn ? random() : 1;
        if (roll < 0.05) {
          injected += 1;
          throw new ProvisionedThroughputExceededException({ message: 'injected throttle', $metadata: {} });
        }
        const result = await next(args);
        if (roll < 0.1) {
          injected += 1;
          throw new InternalServerError({ message: 'injected 5xx after the write', $metadata: {} });
        }
        return result;
      },
      { step: 'initialize', name: 'faults' },
    );
    const pipeline = await pipelineOn(table, kazakhstanInstant('2026-06-01', 12));
    pipeline.queues.ingest.maxReceiveCount = 1_000;
    pipeline.queues.changes.maxReceiveCount = 1_000;
    const total = scale(1_000, 10_000);
    const events: UpstreamEvent[] = [];
    for (let i = 0; i < total; i++) {
      if (i % 10 === 9)
        events.push(
          credited({ caseId: `F-${i}`, creditedOn: '2026-04-01' }, { occurredAt: '2026-04-01T10:00:00+05:00' }),
        );
      else events.push(payment({ iin: citizenIin(i % 700), period: `2025-${String(1 + (i % 12)).padStart(2, '0')}` }));
    }
    const redelivered = events.filter((_, i) => i % 20 === 0);
    pipeline.ingest([...events, ...redelivered]);
    await pipeline.drain();
    faultsOn = false; // the checks below read the table without faults

    const stored = await storedFacts(table);
    const keys = stored.map((item) => String(item.eventKey));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(total);
    expect(stored.filter((item) => item.conflict)).toEqual([]);
    expect(pipeline.queues.ingest.deadLetters).toEqual([]);
    expect(pipeline.queues.ingest.messages).toEqual([]);
    expect(pipeline.queues.ingest.stats.partialBatches).toBeGreaterThan(0);
    report('dynamodb', {
      events: total + redelivered.length,
      faultsInjected: injected,
      failedRecordsRetried: pipeline.queues.ingest.stats.failedRecords,
      partialBatches: pipeline.queues.ingest.stats.partialBatches,
      lost: total - new Set(keys).size,
      duplicated: keys.length - new Set(keys).size,
    });
  });

  it('fires every return trigger when a third of the schedules are deleted behind our back', async () => {
    const table = await createTestTable(inject('dynamodbEndpoint'));
    const start = kazakhstanInstant('2026-03-02', 9);
    const pipeline = await pipelineOn(table, start);
    const cases = scale(30, 200);
    const random = seededRandom(7);
    for (let i = 0; i < cases; i++) {
      const creditedOn = addDays('2026-03-02', i % 20);
      pipeline.ingest([
        application({ caseId: `L-${i}`, iin: IIN.aigerim }),
        credited({ caseId: `L-${i}`, creditedOn }),
      ]);
    }
    await pipeline.drain();
    const triggers = (await pipeline.scheduler.due(kazakhstanInstant('2027-01-01'))).filter((s) =>
      s.name.endsWith('return_to_fund'),
    );
    expect(triggers).toHaveLength(cases);
    const lost = triggers.filter(() => random() < 1 / 3);
    for (const schedule of lost) await pipeline.scheduler.delete(schedule.name);
    for (let day = '2026-03-03'; day <= '2026-07-15'; day = addDays(day, 1)) {
      await pipeline.advanceTo(kazakhstanInstant(day, 6));
      await pipeline.sweep('reconciliation_sweep');
    }
    expect(new Set(pipeline.outbound.map((e) => e.data.caseId)).size).toBe(cases);
    expect(pipeline.outbound).toHaveLength(cases);
    report('scheduler', {
      cases,
      schedulesDeleted: lost.length,
      triggersFired: pipeline.outbound.length,
      lost: cases - pipeline.outbound.length,
    });
  });

  it('dead-letters every poison message with its reason and commits the rest of each batch', async () => {
    const table = await createTestTable(inject('dynamodbEndpoint'));
    const pipeline = await pipelineOn(table, kazakhstanInstant('2026-06-01', 12));
    const valid = payment({ period: '2026-04' });
    const spoil = (change: (event: Record<string, unknown> & { data: Record<string, unknown> }) => void) => {
      const event = structuredClone(payment()) as unknown as Record<string, unknown> & {
        data: Record<string, unknown>;
      };
      change(event);
      return JSON.stringify(event);
    };
    const poison: [string, string][] = [
      ['{"eventId": "cut-off', 'body: is not valid JSON'],
      ['x'.repeat(10 * 1024 * 1024), 'body: larger than 16384 bytes'],
      ['[1, 2, 3]', 'body: must be a JSON object'],
      ['null', 'body: must be a JSON object'],
      [
        spoil((e) => Object.assign(e.data, { amountTiyn: '425000' })),
        'data.amountTiyn: must be a whole number of tiyn',
      ],
      [spoil((e) => Object.assign(e.data, { iin: '850415300122' })), 'data.iin: is not a valid IIN'],
      [spoil((e) => Object.assign(e.data, { paidOn: '2026-02-30' })), 'data.paidOn: must be a real calendar date'],
      [spoil((e) => Object.assign(e.data, { period: '2026-13' })), 'data.period: must be a real month'],
      [spoil((e) => Object.assign(e, { eventId: 'pay-😀' })), 'eventId: eventId must be 1–128 printable ASCII'],
      [spoil((e) => Object.assign(e, { type: 'osms.refund' })), 'type: unknown event type'],
      [spoil((e) => Object.assign(e.data, { note: 'y'.repeat(15_000) })), 'data: 1 unknown field(s)'],
    ];
    const batchOf = (i: number) => [JSON.stringify({ ...valid, eventId: `ok-${i}` }), poison[i]?.[0] ?? ''];
    pipeline.ingest(poison.flatMap((_, i) => batchOf(i)));
    await pipeline.drain();
    const reasons = pipeline.queues.ingest.deadLetters.map((letter) => letter.reason);
    expect(reasons).toHaveLength(poison.length);
    for (const [i, [, reason]] of poison.entries()) expect(reasons[i]).toContain(reason);
    expect((await storedFacts(table)).map((f) => f.eventId).sort()).toEqual(poison.map((_, i) => `ok-${i}`).sort());
    report('poison', {
      messages: poison.length * 2,
      poison: poison.length,
      deadLettered: reasons.length,
      validStored: poison.length,
    });
  });
});
