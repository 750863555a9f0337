import { describe, expect, it } from 'vitest';
import { caseScheduleName } from '../../shared/adapters/scheduler/scheduler';
import { returnOrderKey } from '../../shared/app/return-order';
import { encodeChangeMessage, parseDueMessage } from '../../shared/contracts/internal';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { formatKazakhstanInstant } from '../../shared/domain/dates';
import {
  application,
  at,
  contact,
  credited,
  dkk,
  documents,
  IIN,
  paidMonths,
  payment,
  returned,
  transfer,
} from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryNotify } from '../helpers/in-memory-notify';
import { sqsRecord, UPSTREAM_QUEUE_ARNS } from '../helpers/sqs';

const AIGERIM = testIdentity.citizenKey(IIN.aigerim);
const CHAT = 1001;

describe('planner (in-memory ports)', () => {
  it('plans five reminders and the return order for a credit, and tells the citizen the money arrived', async () => {
    const world = new InMemoryNotify(at('2026-03-20T10:00'));
    await world.link(CHAT, IIN.aigerim);
    await world.ingest(application(), credited({ creditedOn: '2026-03-20' }));

    const planned = [...world.scheduler.schedules.values()].map((s) => [s.name, new Date(s.at).toISOString()]);
    expect(planned).toEqual([
      [caseScheduleName('OB-1', 'documents_reminder-10'), '2026-05-18T05:00:00.000Z'],
      [caseScheduleName('OB-1', 'documents_reminder-5'), '2026-05-25T05:00:00.000Z'],
      [caseScheduleName('OB-1', 'documents_reminder-2'), '2026-05-29T05:00:00.000Z'],
      [caseScheduleName('OB-1', 'documents_reminder-1'), '2026-06-01T05:00:00.000Z'],
      // The deadline day itself, 09:00 Kazakhstan time (issue 14 item 10).
      [caseScheduleName('OB-1', 'documents_reminder-0'), '2026-06-02T04:00:00.000Z'],
      [caseScheduleName('OB-1', 'return_to_fund'), '2026-06-03T07:00:00.000Z'],
    ]);
    // Every schedule input is the due queue's contract.
    for (const schedule of world.scheduler.schedules.values()) expect(parseDueMessage(schedule.body).ok).toBe(true);
    expect(world.book.records.size).toBe(6);
    expect(world.kindsSentTo(CHAT)).toEqual(['funds_credited']);
  });

  it('plans history from the backfill queue but tells nobody about it (issue 13 item 15)', async () => {
    const world = new InMemoryNotify(at('2026-03-20T10:00'));
    await world.link(CHAT, IIN.aigerim);
    for (const event of [application(), credited({ creditedOn: '2026-03-20' }), ...paidMonths('2025-12', '2026-02')]) {
      await world.ingestRecord(sqsRecord(JSON.stringify(event), { eventSourceARN: UPSTREAM_QUEUE_ARNS.backfill }));
    }
    await world.settle();
    // The same six schedules as a live credit; no "money arrived", no "welcome back".
    expect(world.scheduler.schedules.size).toBe(6);
    expect(world.kindsSentTo(CHAT)).toEqual([]);
    // A live event afterwards is announced as usual.
    await world.ingest(dkk({ sessionDate: '2026-03-25', enteredAt: '2026-03-26T11:00:00+05:00' }));
    expect(world.kindsSentTo(CHAT)).toEqual(['dkk_arrived']);
  });

  it('plans the same schedules once when a change is delivered twice', async () => {
    const world = new InMemoryNotify(at('2026-03-20T10:00'));
    await world.link(CHAT, IIN.aigerim);
    const credit = credited();
    await world.ingest(application(), credit, credit);
    expect(world.scheduler.schedules.size).toBe(6);
    expect(world.kindsSentTo(CHAT)).toEqual(['funds_credited']);
  });

  it('dead-letters a change message outside the contract, with the field in the reason', async () => {
    const world = new InMemoryNotify(at('2026-03-20T10:00'));
    const loose = JSON.stringify({
      schemaVersion: 1,
      change: { kind: 'case_updated', caseId: 'OB-1', citizenKeys: [], changes: ['deadline_set'], after: {} },
    });
    await world.planner(sqsRecord(loose));
    await world.planner(sqsRecord(encodeChangeMessage({ kind: 'contact_recorded', citizenKey: AIGERIM })));
    expect(world.deadLetters.letters.map((letter) => letter.reason)).toEqual([
      'change: 1 unknown field(s) (not in the contract)',
    ]);
  });

  it('hands no withdrawal check to the due handler for documents on a case whose order never went out', async () => {
    const world = new InMemoryNotify(at('2026-04-01T12:00'));
    const checks: string[] = [];
    const enqueue = world.due.enqueue.bind(world.due);
    world.due.enqueue = async (work) => {
      checks.push(...work.filter((w) => w.kind === 'return_withdrawal_check').map((w) => w.kind));
      await enqueue(work);
    };
    await world.ingest(application(), credited({ creditedOn: '2026-03-20' }), documents({ submittedOn: '2026-04-01' }));
    expect(world.outbox.markers.size).toBe(0);
    expect(checks).toEqual([]);
    // The return order was planned and is obsolete now: its schedule is gone with the reminders.
    expect([...world.scheduler.schedules.keys()]).toEqual([caseScheduleName('OB-1', 'transfer_overdue_check-1')]);
  });

  it('lets past work from a history load wait for the rest of it: no false "transfer overdue" (issue 14 review)', async () => {
    const history = async (world: InMemoryNotify, ...events: object[]) => {
      for (const event of events) {
        await world.ingestRecord(sqsRecord(JSON.stringify(event), { eventSourceARN: UPSTREAM_QUEUE_ARNS.backfill }));
      }
      await world.settle();
    };
    const start = at('2026-06-20T10:00');
    const answered = new InMemoryNotify(start);
    await answered.link(CHAT, IIN.aigerim);
    // One batch of the history: the transfer check's moment passed in April, the clinic payment is in the next batch.
    await history(
      answered,
      application(),
      credited({ creditedOn: '2026-03-20' }),
      documents({ submittedOn: '2026-04-01' }),
    );
    expect(answered.kindsSentTo(CHAT)).toEqual([]);
    await answered.advanceTo(start + 60 * 60 * 1000);
    await history(answered, transfer());
    await answered.advanceTo(start + 24 * 60 * 60 * 1000);
    expect(answered.kindsSentTo(CHAT)).toEqual([]);

    // The same history without the clinic payment: the check fires once the history has settled, and tells the truth.
    const unanswered = new InMemoryNotify(start);
    await unanswered.link(CHAT, IIN.aigerim);
    await history(
      unanswered,
      application(),
      credited({ creditedOn: '2026-03-20' }),
      documents({ submittedOn: '2026-04-01' }),
    );
    await unanswered.advanceTo(start + 60 * 60 * 1000);
    expect(unanswered.kindsSentTo(CHAT)).toEqual([]);
    await unanswered.advanceTo(start + 24 * 60 * 60 * 1000);
    expect(unanswered.kindsSentTo(CHAT)).toEqual(['transfer_overdue']);
  });

  it('keeps the wait of past history work when a live fact re-plans the case: no return order on a doubt', async () => {
    const start = at('2026-06-20T10:00');
    const world = new InMemoryNotify(start);
    await world.link(CHAT, IIN.aigerim);
    const history = async (...events: object[]) => {
      for (const event of events) {
        await world.ingestRecord(sqsRecord(JSON.stringify(event), { eventSourceARN: UPSTREAM_QUEUE_ARNS.backfill }));
      }
      await world.settle();
    };
    // History batch 1: the credit (deadline long past); the documents are in batch 2.
    await history(application(), credited({ creditedOn: '2026-03-20' }));
    await world.advanceTo(start + 30 * 60 * 1000);
    // A live fact of the same case arrives meanwhile and re-plans it.
    await world.ingest(dkk({ sessionDate: '2026-06-19', enteredAt: '2026-06-20T10:20:00+05:00' }));
    // The morning reconciliation's "never fired" part runs inside the wait too.
    await world.runDue({ kind: 'reconciliation_sweep' });
    await world.advanceTo(start + 60 * 60 * 1000);
    expect(world.outbound.sent).toEqual([]);
    await history(documents({ submittedOn: '2026-04-01' }));
    await world.advanceTo(start + 24 * 60 * 60 * 1000);
    expect(world.outbound.sent).toEqual([]);
    expect(world.kindsSentTo(CHAT)).not.toContain('deadline_passed');
  });

  it('says nothing for a history loaded in bulk, where leaving out one month looks like arrears', async () => {
    const world = new InMemoryNotify(at('2026-07-10T10:00'));
    await world.link(CHAT, IIN.aigerim);
    await world.ingest(...paidMonths('2026-01', '2026-06'));
    expect(world.kindsSentTo(CHAT)).toEqual([]);
  });

  it('welcomes a citizen back when this very payment restored lapsed coverage, once', async () => {
    const world = new InMemoryNotify(at('2026-10-05T10:00'));
    await world.link(CHAT, IIN.aigerim);
    await world.ingest(...paidMonths('2026-01', '2026-06'));
    // September and July alone leave August owed (art. 5 p.3): coverage is not back yet.
    await world.ingest(
      payment({ period: '2026-09', paidOn: '2026-10-05' }),
      payment({ period: '2026-07', paidOn: '2026-10-05' }),
    );
    expect(world.kindsSentTo(CHAT)).toEqual([]);
    const restoring = payment({ period: '2026-08', paidOn: '2026-10-05' });
    await world.ingest(restoring, restoring);
    expect(world.kindsSentTo(CHAT)).toEqual(['coverage_restored']);
  });
});

describe('money credited again after a return (issue 13 item 8)', () => {
  it("plans the new window's reminders and its own return order, keyed by the new window", async () => {
    const world = new InMemoryNotify(at('2026-03-20T10:00'));
    await world.link(CHAT, IIN.aigerim);
    await world.ingest(application(), credited({ creditedOn: '2026-03-20' }));
    await world.advanceTo(at('2026-06-05T10:00'));
    await world.ingest(returned({ returnedOn: '2026-06-05', kind: 'unused_deadline' }));
    expect(world.scheduler.schedules.size).toBe(0);
    await world.advanceTo(at('2026-06-15T10:00'));
    await world.ingest(credited({ creditedOn: '2026-06-15' }));

    const calendar = kazakhstanCalendar();
    const deadline = calendar.addWorkingDays('2026-06-15', 45);
    const settleDay = calendar.addWorkingDays(deadline, 1);
    expect([...world.book.records.values()].map((r) => [r.key, formatKazakhstanInstant(r.at)])).toEqual([
      ...[10, 5, 2, 1].map((left) => [
        `documents_reminder-${left}`,
        `${calendar.workingDaysBefore(deadline, left)}T10:00:00+05:00`,
      ]),
      ['documents_reminder-0', `${deadline}T09:00:00+05:00`],
      ['return_to_fund', `${settleDay}T12:00:00+05:00`],
    ]);
    expect(world.scheduler.schedules.size).toBe(6);
    expect(world.kindsSentTo(CHAT)).toEqual([
      'funds_credited',
      'documents_reminder',
      'documents_reminder',
      'documents_reminder',
      'documents_reminder',
      'documents_reminder',
      'deadline_passed',
      'money_returned',
      'funds_credited',
    ]);

    await world.advanceTo(at(`${settleDay}T12:00`));
    expect(world.outbound.sent.map((event) => event.eventId)).toEqual([
      returnOrderKey('OB-1', 1),
      returnOrderKey('OB-1', 2),
    ]);
    expect(world.kindsSentTo(CHAT).filter((kind) => kind === 'documents_reminder')).toHaveLength(10);
  });
});

describe('a new phone of record (issue 12 item 5)', () => {
  const oldPhone = '+77015550123';
  const newPhone = '+77019998877';
  const later = { occurredAt: '2026-05-01T10:00:00+05:00' };

  async function linkedWorld() {
    const world = new InMemoryNotify(at('2026-05-01T12:00'));
    await world.ingest(contact(IIN.aigerim, oldPhone));
    await world.link(CHAT, IIN.aigerim, { linkedPhoneKey: testIdentity.phoneKey(oldPhone) });
    await world.link(1002, IIN.aigerim, { linkedPhoneKey: testIdentity.phoneKey(newPhone), language: 'ru' });
    return world;
  }

  it('unlinks the chats linked with the old phone and tells them why, once', async () => {
    const world = await linkedWorld();
    const change = { ...contact(IIN.aigerim, newPhone), ...later };
    await world.ingest(change, change);

    const unlinked = await world.chats.getChat(CHAT);
    expect(unlinked?.citizenKey).toBeUndefined();
    expect(unlinked?.linkedPhoneKey).toBeUndefined();
    expect(unlinked?.iinMasked).toBeUndefined();
    expect((await world.chats.getChat(1002))?.citizenKey).toBe(AIGERIM);
    expect(world.kindsSentTo(CHAT)).toEqual(['unlinked_phone_changed']);
    expect(world.kindsSentTo(1002)).toEqual([]);
    expect(world.telegram.to(CHAT)).toHaveLength(1);
  });

  it('unlinks nothing while the phone of record is in conflict', async () => {
    const world = await linkedWorld();
    const original = { ...contact(IIN.aigerim, newPhone), ...later, eventId: 'contact-2' };
    await world.ingest(original, { ...original, data: { ...original.data, phone: '+77011112233' } });
    expect((await world.chats.getChat(CHAT))?.citizenKey).toBe(AIGERIM);
    expect(world.telegram.messages).toEqual([]);
  });

  it('keeps a chat whose phone is the phone of record when the same contact arrives again', async () => {
    const world = await linkedWorld();
    await world.chats.deleteChat(1002);
    await world.ingest(contact(IIN.aigerim, oldPhone));
    expect((await world.chats.getChat(CHAT))?.citizenKey).toBe(AIGERIM);
    expect(world.telegram.messages).toEqual([]);
  });
});

describe('return order keys', () => {
  it('keys an order by case and credit window, within the event id limit', () => {
    expect(returnOrderKey('OB-1', 1)).toBe('return-due:OB-1:window-1');
    expect(returnOrderKey('OB-1', 2)).not.toBe(returnOrderKey('OB-1', 1));
    expect(returnOrderKey('x'.repeat(128), 999).length).toBeLessThanOrEqual(128);
    expect(returnOrderKey('x'.repeat(128), 1)).not.toBe(returnOrderKey('y'.repeat(128), 1));
  });
});
