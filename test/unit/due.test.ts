import { describe, expect, it } from 'vitest';
import { orderReturnToFund } from '../../shared/app/return-order';
import { caseView } from '../../shared/app/views';
import { encodeChangeMessage, encodeDueMessage } from '../../shared/contracts/internal';
import { formatKazakhstanInstant } from '../../shared/domain/dates';
import { notificationText } from '../../shared/messages/notification-text';
import { application, at, contact, credited, documents, IIN, returned } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryNotify } from '../helpers/in-memory-notify';
import { sqsRecord } from '../helpers/sqs';

const CHAT = 1001;
const SETTLE = at('2026-06-03T12:00');
const ORDER_KEY = 'return-due:OB-1:window-1';

async function creditedCase(start = '2026-03-20T10:00') {
  const world = new InMemoryNotify(at(start));
  await world.link(CHAT, IIN.aigerim);
  await world.ingest(application(), credited({ creditedOn: '2026-03-20', amountTiyn: 250_000_000 }));
  return world;
}

const orders = (world: InMemoryNotify) => world.outbound.sent.map((event) => [event.type, event.eventId]);

describe('the return order (due handler, in-memory ports)', () => {
  it('goes out once at the settle moment, with the citizen told, and not before', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-06-02T23:59'));
    await world.runDue({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' });
    expect(world.outbound.sent).toEqual([]);
    // Fired early (clock skew, a hand-made redrive): not marked fired, so the reconciliation fires it again.
    expect(world.book.records.get('OB-1|return_to_fund')?.firedAt).toBeUndefined();

    await world.advanceTo(SETTLE);
    await world.runDue({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' });
    expect(world.outbound.sent).toEqual([
      {
        eventId: ORDER_KEY,
        type: 'pension.return_to_fund.due',
        occurredAt: '2026-06-03T12:00:00+05:00',
        source: 'osms-bot.notify',
        schemaVersion: 1,
        data: { caseId: 'OB-1', creditedOn: '2026-03-20', deadline: '2026-06-02', amountTiyn: 250_000_000 },
      },
    ]);
    expect(world.kindsSentTo(CHAT).filter((kind) => kind === 'deadline_passed')).toHaveLength(1);
    expect(world.telemetry.metrics.filter((m) => m.metric === 'ReturnToFundOrdered')).toHaveLength(1);
  });

  it('is sent again after a crash between the marker and the send, and only once reaches the operator', async () => {
    const world = await creditedCase();
    world.outbound.failNext = 1;
    await world.advanceTo(SETTLE).catch(() => undefined);
    expect(world.outbound.sent).toEqual([]);
    expect(world.outbox.markers.get(ORDER_KEY)).toBe('pending');
    await world.runDue({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' });
    await world.runDue({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' });
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER_KEY]]);
  });

  it('is held, with no "deadline passed", while a resent documents event with another date is under review', async () => {
    const world = await creditedCase();
    const inTime = documents(
      { submittedOn: '2026-05-20' },
      { eventId: 'docs-1', occurredAt: '2026-05-20T11:00:00+05:00' },
    );
    await world.advanceTo(at('2026-05-20T11:00'));
    await world.ingest(inTime);
    await world.advanceTo(at('2026-06-03T09:00'));
    // The same event id again with a later date: a conflict. It must not make the case look document-less.
    const late = { ...inTime, data: { ...inTime.data, submittedOn: '2026-06-03' } };
    await world.ingest(late);
    expect((await caseView({ ...world, at: world.now }, 'OB-1'))?.underReview).toBe(true);

    await world.advanceTo(at('2026-06-04T12:00'));
    await world.runDue({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' });
    await world.runDue({ kind: 'reconciliation_sweep' });
    expect(world.outbound.sent).toEqual([]);
    expect(world.kindsSentTo(CHAT)).not.toContain('deadline_passed');
    expect(world.telemetry.metrics.some((m) => m.metric === 'ReturnOrdersHeld')).toBe(true);

    // An operator keeps the late version; the re-plan that follows fires the held trigger at once.
    const resolved = await world.facts.resolve({
      eventKey: `${inTime.source}#docs-1`,
      keep: testIdentity.contentHash(late),
      by: 'operator-1',
      why: 'the cabinet shows the later upload',
      at: '2026-06-04T13:00:00+05:00',
    });
    expect(resolved.outcome).toBe('resolved');
    const replan = encodeChangeMessage({ kind: 'case_updated', caseId: 'OB-1', citizenKeys: [], changes: [] });
    await world.planner(sqsRecord(replan));
    await world.settle();
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER_KEY]]);
    expect(world.kindsSentTo(CHAT)).toContain('deadline_passed');
  });

  it('gets its own key for a re-credit after a return, so the first order does not block the second', async () => {
    const world = new InMemoryNotify(at('2026-06-04T12:00'));
    const ports = { ...world, outboundSource: 'osms-bot.notify' };
    await world.ingest(application(), credited({ creditedOn: '2026-03-20' }, { eventId: 'credit-1' }));
    const first = await caseView({ ...world, at: world.now }, 'OB-1');
    if (!first) throw new Error('no case');
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER_KEY]]);

    await world.advanceTo(at('2026-09-30T12:00'));
    await world.ingest(
      returned({ returnedOn: '2026-06-05' }),
      credited({ creditedOn: '2026-07-01' }, { eventId: 'credit-2' }),
    );
    expect(orders(world)).toEqual([
      ['pension.return_to_fund.due', ORDER_KEY],
      ['pension.return_to_fund.due', 'return-due:OB-1:window-2'],
    ]);
    expect(world.outbound.sent[1]?.data.creditedOn).toBe('2026-07-01');
    const again = await orderReturnToFund(ports, { status: first, citizenKeys: [] }, at('2026-06-04T12:00'));
    expect(again.result.outcome).toBe('already_sent');
  });
});

describe('withdrawing a return order (issue 12 item 3)', () => {
  async function orderedCase() {
    const world = await creditedCase();
    await world.advanceTo(SETTLE);
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER_KEY]]);
    await world.advanceTo(at('2026-06-04T09:30'));
    return world;
  }

  it('withdraws once when documents dated on the deadline arrive after the order, and tells the citizen', async () => {
    const world = await orderedCase();
    const late = documents({ submittedOn: '2026-06-02' }, { occurredAt: '2026-06-02T23:50:00+05:00' });
    await world.ingest(late);
    await world.ingest(late);
    await world.runDue({ kind: 'return_withdrawal_check', caseId: 'OB-1' });

    expect(world.outbound.sent[1]).toEqual({
      eventId: 'return-withdrawn:OB-1:window-1',
      type: 'pension.return_to_fund.withdrawn',
      occurredAt: formatKazakhstanInstant(at('2026-06-04T09:30')),
      source: 'osms-bot.notify',
      schemaVersion: 1,
      data: {
        caseId: 'OB-1',
        creditedOn: '2026-03-20',
        deadline: '2026-06-02',
        amountTiyn: 250_000_000,
        reason: 'documents_in_time',
      },
    });
    expect(world.outbound.sent).toHaveLength(2);
    expect(world.kindsSentTo(CHAT).filter((kind) => kind === 'return_withdrawn')).toHaveLength(1);
    expect(world.telegram.to(CHAT).at(-1)).toBe(
      notificationText('kk', 'return_withdrawn', { deadline: '2026-06-02', amountTiyn: 250_000_000 }),
    );
  });

  it('does not withdraw for documents dated after the deadline', async () => {
    const world = await orderedCase();
    await world.ingest(documents({ submittedOn: '2026-06-03' }));
    await world.runDue({ kind: 'return_withdrawal_check', caseId: 'OB-1' });
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER_KEY]]);
    expect(world.kindsSentTo(CHAT)).not.toContain('return_withdrawn');
  });

  it('does not withdraw once the money is back at the fund', async () => {
    const world = await orderedCase();
    await world.ingest(returned({ returnedOn: '2026-06-04' }), documents({ submittedOn: '2026-06-01' }));
    await world.runDue({ kind: 'return_withdrawal_check', caseId: 'OB-1' });
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER_KEY]]);
  });
});

describe('a chat that comes back (issue 12 item 4)', () => {
  it('gets the reminder that still matters, with the current count, once a day', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-05-18T10:00'));
    world.telegram.answerNext({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    await world.advanceTo(at('2026-05-29T12:00'));
    // Blocked at the 5-day reminder, the 2-day one skipped: 1 of 3 reached the chat so far.
    expect(world.telegram.to(CHAT)).toHaveLength(2);
    expect((await world.chats.getChat(CHAT))?.active).toBe(false);

    expect(await world.chats.reactivate(CHAT)).toBeDefined();
    await world.runDue({ kind: 'chat_returned', chatId: CHAT });
    await world.runDue({ kind: 'chat_returned', chatId: CHAT });
    const texts = world.telegram.to(CHAT);
    expect(texts).toHaveLength(3);
    expect(texts.at(-1)).toBe(
      notificationText('kk', 'documents_reminder', {
        deadline: '2026-06-02',
        workingDaysLeft: 2,
        elapsed: 43,
        total: 45,
      }),
    );
    await world.advanceTo(at('2026-06-01T10:00'));
    expect(world.telegram.to(CHAT)).toHaveLength(4);
  });

  it('gets nothing while still blocked, for a case past its deadline, or for a case under review', async () => {
    const world = await creditedCase();
    await world.chats.markInactive(CHAT);
    await world.advanceTo(at('2026-05-26T12:00'));
    await world.runDue({ kind: 'chat_returned', chatId: CHAT });
    expect(world.kindsSentTo(CHAT)).toEqual(['funds_credited']);

    await world.advanceTo(at('2026-06-03T10:00'));
    await world.chats.reactivate(CHAT);
    await world.runDue({ kind: 'chat_returned', chatId: CHAT });
    expect(world.kindsSentTo(CHAT)).toEqual(['funds_credited']);
  });

  it('gets nothing for a case whose credit is in conflict', async () => {
    const world = new InMemoryNotify(at('2026-05-26T12:00'));
    await world.link(CHAT, IIN.aigerim, { active: false });
    const credit = credited({ creditedOn: '2026-03-20' }, { eventId: 'credit-1' });
    await world.ingest(application(), credit, { ...credit, data: { ...credit.data, creditedOn: '2026-03-23' } });
    await world.chats.reactivate(CHAT);
    await world.runDue({ kind: 'chat_returned', chatId: CHAT });
    expect(world.telegram.messages).toEqual([]);
  });
});

describe('a chat that was blocked when the phone of record changed', () => {
  it('is unlinked and told why when it comes back, instead of getting reminders', async () => {
    const world = new InMemoryNotify(at('2026-05-19T12:00'));
    await world.ingest(contact(IIN.aigerim, '+77015550123'));
    await world.link(CHAT, IIN.aigerim, { linkedPhoneKey: testIdentity.phoneKey('+77015550123'), active: false });
    await world.ingest({ ...contact(IIN.aigerim, '+77019998877'), occurredAt: '2026-05-19T11:00:00+05:00' });
    expect((await world.chats.getChat(CHAT))?.citizenKey).toBeDefined();

    await world.chats.reactivate(CHAT);
    await world.runDue({ kind: 'chat_returned', chatId: CHAT });
    expect((await world.chats.getChat(CHAT))?.citizenKey).toBeUndefined();
    expect(world.kindsSentTo(CHAT)).toEqual(['unlinked_phone_changed']);
  });
});

describe('due handler plumbing', () => {
  it('dead-letters a due message outside the contract and fans the coverage sweep out by shard', async () => {
    const world = new InMemoryNotify(at('2026-05-01T10:00'));
    await world.dueHandler(sqsRecord(JSON.stringify({ schemaVersion: 1, due: { kind: 'return_to_fund' } })));
    expect(world.deadLetters.letters.map((letter) => letter.reason)).toEqual([expect.stringMatching(/^due\.caseId: /)]);
    await world.dueHandler(sqsRecord(encodeDueMessage({ kind: 'coverage_sweep' })));
    expect(world.sweeps.sent).toHaveLength(64);
    expect(new Set(world.sweeps.sent.map((part) => (part.kind === 'coverage_due' ? part.shard : -1))).size).toBe(64);
    expect(world.sweeps.sent.every((part) => part.kind === 'coverage_due' && part.day === '2026-05-01')).toBe(true);
  });
});
