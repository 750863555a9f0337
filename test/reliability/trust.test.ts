import { afterEach, describe, expect, inject, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { kazakhstanInstant } from '../../shared/domain/dates';
import type { UpstreamEvent } from '../../shared/domain/events';
import type { FakeTelegram } from '../../tools/fake-telegram';
import type { LocalPipeline } from '../../tools/local-pipeline';
import { createTestTable } from '../helpers/dynamodb';
import { application, contact, credited, documents, transfer } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { withCheckDigit } from '../helpers/iin';
import { localPipelineOn } from '../helpers/pipeline';
import { FULL, scale } from './scale';

/**
 * Issue 12 on DynamoDB Local, at scale: late, resent and conflicting inputs on every irreversible path (the return
 * order, its withdrawal, a blocked chat, a changed phone). Each test prints its totals for docs/reliability.md.
 */
const _calendar = kazakhstanCalendar();
let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await telegram?.stop();
  telegram = undefined;
});

async function pipelineAt(local: string) {
  const table = await createTestTable(inject('dynamodbEndpoint'));
  const [day = '', time = '10:00'] = local.split('T');
  const [hour = 10, minute = 0] = time.split(':').map(Number);
  const started = await localPipelineOn(table, { start: kazakhstanInstant(day, hour, minute) });
  telegram = started.telegram;
  return { pipeline: started.pipeline, fake: telegram };
}

function citizenIin(n: number): string {
  for (let serial = n; ; serial += 1) {
    const iin = withCheckDigit(`9${n % 10}0${1 + (n % 9)}1${n % 10}4${String(serial % 10_000).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

const report = (name: string, totals: Record<string, number>) =>
  process.stdout.write(`reliability ${FULL ? 'full' : 'reduced'} | ${name} | ${JSON.stringify(totals)}\n`);

/** Cases credited on 2026-03-20 (deadline 2 June, order at the settle moment 3 June 12:00), one per citizen. */
async function creditedCases(pipeline: LocalPipeline, count: number) {
  for (let i = 0; i < count; i++) {
    const iin = citizenIin(i);
    await pipeline.chats.putChat({
      chatId: 20_000 + i,
      language: i % 2 ? 'ru' : 'kk',
      citizenKey: testIdentity.citizenKey(iin),
      active: true,
      reminders: { pension: true, coverage: true },
    });
    pipeline.ingest([application({ caseId: `T-${i}`, iin }), credited({ caseId: `T-${i}`, creditedOn: '2026-03-20' })]);
  }
  await pipeline.drain();
}

describe('trust boundaries under late, resent and conflicting inputs', () => {
  it('withdraws each order exactly once for documents dated in time that arrive late, and no other', async () => {
    const { pipeline } = await pipelineAt('2026-03-20T10:00');
    const cases = scale(12, 120);
    await creditedCases(pipeline, cases);
    await pipeline.advanceTo(kazakhstanInstant('2026-06-04', 9));
    const late: UpstreamEvent[] = [];
    for (let i = 0; i < cases; i++) {
      // Half dated on the deadline (in time), a quarter the day after it (late), the rest never.
      if (i % 4 < 2) late.push(documents({ caseId: `T-${i}`, submittedOn: '2026-06-02' }));
      else if (i % 4 === 2) late.push(documents({ caseId: `T-${i}`, submittedOn: '2026-06-03' }));
    }
    pipeline.ingest([...late, ...late]);
    await pipeline.drain();
    await pipeline.sweep('reconciliation_sweep');
    const orders = pipeline.outbound.filter((e) => e.type === 'pension.return_to_fund.due');
    const withdrawn = pipeline.outbound.filter((e) => e.type === 'pension.return_to_fund.withdrawn');
    const expected = Array.from({ length: cases }, (_, i) => i).filter((i) => i % 4 < 2);
    expect(orders).toHaveLength(cases);
    expect(withdrawn.map((e) => e.data.caseId).sort()).toEqual(expected.map((i) => `T-${i}`).sort());
    report('late documents', {
      cases,
      orders: orders.length,
      documentsInTimeAfterOrder: expected.length,
      withdrawn: withdrawn.length,
      wrongWithdrawals: withdrawn.length - expected.length,
    });
  });

  it('sends one order per credit window whatever the credit date becomes, and none once the clinic was paid', async () => {
    const { pipeline } = await pipelineAt('2026-03-20T10:00');
    const cases = scale(12, 120);
    await creditedCases(pipeline, cases);
    // A third of the clinics are paid for stage 1 and the documents event never reaches us.
    const paid = Array.from({ length: cases }, (_, i) => i).filter((i) => i % 3 === 0);
    await pipeline.advanceTo(kazakhstanInstant('2026-05-25', 11));
    pipeline.ingest(paid.map((i) => transfer({ caseId: `T-${i}`, transferredOn: '2026-05-25' })));
    await pipeline.drain();
    await pipeline.advanceTo(kazakhstanInstant('2026-06-03', 13));
    // ENPF corrects the credit date of the others by a new event (deadline 2 June → 3 June); half of those then get
    // documents dated 3 June: late for the first date, in time for the corrected one.
    const ordered = Array.from({ length: cases }, (_, i) => i).filter((i) => i % 3 !== 0);
    const corrections = ordered.map((i) =>
      credited(
        { caseId: `T-${i}`, creditedOn: '2026-03-26' },
        { eventId: `fix-${i}`, occurredAt: '2026-06-03T13:00:00+05:00' },
      ),
    );
    const inTime = ordered.filter((_, n) => n % 2 === 0);
    const late = inTime.map((i) => documents({ caseId: `T-${i}`, submittedOn: '2026-06-03' }));
    pipeline.ingest([...corrections, ...late, ...corrections]);
    await pipeline.drain();
    await pipeline.advanceTo(kazakhstanInstant('2026-06-20', 12));
    await pipeline.sweep('reconciliation_sweep');
    const orders = pipeline.outbound.filter((e) => e.type === 'pension.return_to_fund.due');
    const withdrawn = pipeline.outbound.filter((e) => e.type === 'pension.return_to_fund.withdrawn');
    expect(orders.map((e) => e.data.caseId).sort()).toEqual(ordered.map((i) => `T-${i}`).sort());
    expect(new Set(orders.map((e) => e.eventId)).size).toBe(orders.length);
    expect(withdrawn.map((e) => e.data.caseId).sort()).toEqual(inTime.map((i) => `T-${i}`).sort());
    expect(withdrawn.every((e) => e.data.creditedOn === '2026-03-26')).toBe(true);
    report('corrected credit and clinic payment', {
      cases,
      paidWithoutDocumentsEvent: paid.length,
      creditCorrections: corrections.length,
      orders: orders.length,
      secondOrders: orders.length - ordered.length,
      withdrawn: withdrawn.length,
      missedWithdrawals: inTime.length - withdrawn.length,
    });
  });

  it('sends no order while a resent documents event with a later date is in conflict', async () => {
    const { pipeline, fake } = await pipelineAt('2026-03-20T10:00');
    const cases = scale(9, 90);
    await creditedCases(pipeline, cases);
    const inTime = Array.from({ length: cases }, (_, i) =>
      documents({ caseId: `T-${i}`, submittedOn: '2026-05-20' }, { eventId: `docs-${i}` }),
    );
    pipeline.ingest(inTime);
    await pipeline.advanceTo(kazakhstanInstant('2026-06-03', 9));
    // A third are resent after the deadline under the same id with a later date.
    const resent = inTime
      .filter((_, i) => i % 3 === 0)
      .map((e) => ({ ...e, data: { ...e.data, submittedOn: '2026-06-03' } }));
    pipeline.ingest(resent);
    await pipeline.advanceTo(kazakhstanInstant('2026-06-05', 12));
    await pipeline.sweep('reconciliation_sweep');
    // The deadline-passed message, in either language.
    const told = fake.messages.filter((m) => /мерзімі өтті|истёк/.test(m.text)).length;
    expect(pipeline.outbound).toEqual([]);
    expect(told).toBe(0);
    report('conflict on documents', {
      cases,
      conflicts: resent.length,
      wrongOrders: pipeline.outbound.length,
      wrongDeadlineMessages: told,
    });
  });

  it('delivers the reminder that still matters to every chat that blocked and unblocked the bot', async () => {
    const { pipeline, fake } = await pipelineAt('2026-03-20T10:00');
    const cases = scale(10, 100);
    await creditedCases(pipeline, cases);
    await pipeline.advanceTo(kazakhstanInstant('2026-05-18', 12));
    for (let i = 0; i < cases; i++) fake.blockChat(20_000 + i);
    await pipeline.advanceTo(kazakhstanInstant('2026-05-29', 12));
    const blocked = await Promise.all(Array.from({ length: cases }, (_, i) => pipeline.chats.getChat(20_000 + i)));
    expect(blocked.every((chat) => chat?.active === false)).toBe(true);
    for (let i = 0; i < cases; i++) {
      fake.unblockChat(20_000 + i);
      if (await pipeline.chats.reactivate(20_000 + i)) await pipeline.chatReturns.chatReturned(20_000 + i);
    }
    await pipeline.drain();
    const returned = Array.from({ length: cases }, (_, i) => fake.messagesTo(20_000 + i).length);
    // Funds credited, the 10-day reminder, and the fresh one on return: 3 each.
    expect(returned.every((count) => count === 3)).toBe(true);
    report('block and unblock', {
      chats: cases,
      remindersSkippedWhileBlocked: cases * 2,
      remindersOnReturn: returned.reduce((n, count) => n + count - 2, 0),
      lost: returned.filter((count) => count < 3).length,
    });
  });

  it('unlinks exactly the chats of a changed phone, once each', async () => {
    const { pipeline, fake } = await pipelineAt('2026-05-01T12:00');
    const citizens = scale(10, 100);
    for (let i = 0; i < citizens; i++) {
      const iin = citizenIin(i);
      pipeline.ingest([contact(iin, `+770155${String(i).padStart(5, '0')}`)]);
      await pipeline.chats.putChat({
        chatId: 30_000 + i,
        language: 'kk',
        citizenKey: testIdentity.citizenKey(iin),
        linkedPhoneKey: testIdentity.phoneKey(`+770155${String(i).padStart(5, '0')}`),
        active: true,
        reminders: { pension: true, coverage: true },
      });
    }
    await pipeline.drain();
    const changed = Array.from({ length: citizens }, (_, i) => i).filter((i) => i % 2 === 0);
    const newContacts = changed.map((i) => ({
      ...contact(citizenIin(i), `+770166${String(i).padStart(5, '0')}`),
      occurredAt: '2026-05-01T11:00:00+05:00',
    }));
    pipeline.ingest([...newContacts, ...newContacts]);
    await pipeline.drain();
    const chats = await Promise.all(Array.from({ length: citizens }, (_, i) => pipeline.chats.getChat(30_000 + i)));
    const unlinked = chats.flatMap((chat, i) => (chat?.citizenKey === undefined ? [i] : []));
    expect(unlinked).toEqual(changed);
    expect(changed.every((i) => fake.messagesTo(30_000 + i).length === 1)).toBe(true);
    report('phone change', {
      citizens,
      phonesChanged: changed.length,
      unlinked: unlinked.length,
      wronglyUnlinked: unlinked.filter((i) => !changed.includes(i)).length,
      notices: changed.reduce((n, i) => n + fake.messagesTo(30_000 + i).length, 0),
    });
  });
});
