import { describe, expect, it } from 'vitest';
import { openReviewItems, resolveReviewItem } from '../../shared/app/review';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { caseSchedules, stillWorthFiring } from '../../shared/domain/case-schedule';
import { caseChanges } from '../../shared/domain/changes';
import { formatKazakhstanInstant } from '../../shared/domain/dates';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { caseChangeNotifications, documentsReminder } from '../../shared/domain/notifications';
import { rejected } from '../helpers/case-events';
import { application, at, credited, documents, IIN, transfer } from '../helpers/events';
import { InMemoryNotify } from '../helpers/in-memory-notify';
import { sqsRecord, UPSTREAM_QUEUE_ARNS } from '../helpers/sqs';

// Issue 14 item 10: "documents received — your money is safe from return", and a push on the deadline day itself.
// Credited 2026-03-20: the deadline is 2026-06-02, the settle moment (the earliest return order) 2026-06-03 12:00.
const CHAT = 1001;
const DEADLINE = '2026-06-02';
const LAST_DAY_ID = `documents_reminder|OB-1|${DEADLINE}|left-0|${CHAT}`;
const calendar = kazakhstanCalendar();

const caseAt = (local: string, events: UpstreamEvent[]) => {
  const status = derive({ events, at: at(local), calendar }).cases.get('OB-1');
  if (!status) throw new Error('no case');
  return status;
};

/** What the planner would announce for the last of `events`, as ingest reports it (without and with that fact). */
function announcedFor(local: string, events: UpstreamEvent[]) {
  const after = caseAt(local, events);
  const before = events.length > 1 ? caseAt(local, events.slice(0, -1)) : undefined;
  return caseChangeNotifications(caseChanges(before, after), after);
}

async function creditedCase(start = '2026-03-20T10:00', credit: UpstreamEvent[] = [credited()]) {
  const world = new InMemoryNotify(at(start));
  await world.link(CHAT, IIN.aigerim);
  await world.ingest(application(), ...credit);
  return world;
}

const received = (world: InMemoryNotify) => world.kindsSentTo(CHAT).filter((kind) => kind === 'documents_received');
const lastDayFired = (workingDaysLeft = 0) => ({
  kind: 'documents_reminder' as const,
  caseId: 'OB-1',
  key: `documents_reminder-${workingDaysLeft}`,
  workingDaysLeft,
});

describe('documents received: the money is safe from return', () => {
  it('announces stage-1 documents dated by the deadline once, with their date and the deadline', () => {
    const events = [application(), credited(), documents({ submittedOn: '2026-04-15' })];
    expect(announcedFor('2026-04-15T11:00', events)).toEqual([
      {
        kind: 'documents_received',
        subject: 'OB-1',
        date: '2026-04-15',
        params: { receivedOn: '2026-04-15', deadline: DEADLINE },
      },
    ]);
    // Documents on the last day, reaching us before the settle moment, are in time too.
    const lastDay = [application(), credited(), documents({ submittedOn: DEADLINE })];
    expect(announcedFor('2026-06-03T11:59', lastDay).map((intent) => intent.kind)).toEqual(['documents_received']);
  });

  it('sends exactly one, however often the documents event is delivered', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-04-15T11:00'));
    const inTime = documents({ submittedOn: '2026-04-15' });
    await world.ingest(inTime, inTime);
    await world.advanceTo(at('2026-04-16T11:00'));
    await world.ingest(inTime);
    // Another event for the same documents (a new id, the same date) is no news either.
    await world.ingest(documents({ submittedOn: '2026-04-15' }));
    expect(world.kindsSentTo(CHAT)).toEqual(['funds_credited', 'documents_received']);
  });

  it('says nothing for documents dated after the deadline, while documents dated on it are announced', async () => {
    const late = await creditedCase();
    await late.advanceTo(at('2026-06-03T10:00'));
    await late.ingest(documents({ submittedOn: '2026-06-03' }));
    expect(received(late)).toEqual([]);

    const onTheDay = await creditedCase();
    await onTheDay.advanceTo(at('2026-06-03T10:00'));
    await onTheDay.ingest(documents({ submittedOn: DEADLINE }));
    expect(received(onTheDay)).toHaveLength(1);
  });

  it('says nothing for documents a rejection already took back', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-04-21T10:00'));
    // The rejection reached us first (events arrive in any order): these documents count as never handed in.
    await world.ingest(rejected({ rejectedOn: '2026-04-20' }), documents({ submittedOn: '2026-04-15' }));
    expect(world.kindsSentTo(CHAT)).toContain('documents_rejected');
    expect(received(world)).toEqual([]);
    // Documents handed in again after the rejection, still in time, are news.
    await world.ingest(documents({ submittedOn: '2026-04-21' }));
    expect(received(world)).toHaveLength(1);
  });

  it('says nothing while the case is under review (a credit in conflict)', async () => {
    const credit = credited({ creditedOn: '2026-03-20' }, { eventId: 'credit-1' });
    const conflicting = { ...credit, data: { ...credit.data, creditedOn: '2026-03-23' } };
    const world = await creditedCase('2026-03-24T10:00', [credit, conflicting]);
    await world.advanceTo(at('2026-04-15T11:00'));
    await world.ingest(documents({ submittedOn: '2026-04-15' }));
    expect(received(world)).toEqual([]);

    const settled = await creditedCase('2026-03-24T10:00', [credit]);
    await settled.advanceTo(at('2026-04-15T11:00'));
    await settled.ingest(documents({ submittedOn: '2026-04-15' }));
    expect(received(settled)).toHaveLength(1);
  });

  it('says nothing for documents loaded through the backfill queue', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-04-15T11:00'));
    const history = documents({ submittedOn: '2026-04-15' });
    await world.ingestRecord(sqsRecord(JSON.stringify(history), { eventSourceARN: UPSTREAM_QUEUE_ARNS.backfill }));
    await world.settle();
    expect(received(world)).toEqual([]);
    // The plan still follows it: the reminders and the return trigger gave way to the clinic-payment check.
    expect([...world.book.records.keys()]).toEqual(['OB-1|transfer_overdue_check-1']);

    const live = await creditedCase();
    await live.advanceTo(at('2026-04-15T11:00'));
    await live.ingest(documents({ submittedOn: '2026-04-15' }));
    expect(received(live)).toHaveLength(1);
  });

  it('leaves documents dated in time that arrive after the settle moment to the withdrawal of the order', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-06-04T09:30'));
    expect(world.outbound.sent.map((event) => event.type)).toEqual(['pension.return_to_fund.due']);
    await world.ingest(documents({ submittedOn: DEADLINE }, { occurredAt: '2026-06-02T23:50:00+05:00' }));
    expect(world.kindsSentTo(CHAT)).toContain('return_withdrawn');
    expect(received(world)).toEqual([]);
    // The line is the settle moment: before it no order can have gone out.
    const events = [application(), credited(), documents({ submittedOn: DEADLINE })];
    expect(caseAt('2026-06-03T11:59', events).documentsReceived).toEqual({
      receivedOn: DEADLINE,
      deadline: DEADLINE,
      afterRejections: 0,
    });
    expect(caseAt('2026-06-03T12:00', events).documentsReceived).toBeNull();
  });

  it('says nothing for documents whose clinic payment reached us first: the payment is the news', () => {
    const events = [application(), credited(), transfer({ transferredOn: '2026-04-20' }), documents()];
    expect(announcedFor('2026-04-21T10:00', events)).toEqual([]);
    expect(caseAt('2026-04-21T10:00', events.slice(0, -1)).documentsReceived).toBeNull();
  });
});

describe('the deadline day itself: "today is the last day" at 09:00', () => {
  it('plans a reminder with 0 working days left at 09:00 Kazakhstan time on the deadline day', () => {
    const status = caseAt('2026-03-21T10:00', [application(), credited()]);
    const lastDay = caseSchedules(status).find((schedule) => schedule.key === 'documents_reminder-0');
    expect(lastDay && { ...lastDay, at: formatKazakhstanInstant(lastDay.at) }).toEqual({
      caseId: 'OB-1',
      key: 'documents_reminder-0',
      kind: 'documents_reminder',
      at: `${DEADLINE}T09:00:00+05:00`,
      workingDaysLeft: 0,
    });
    expect(documentsReminder(caseAt(`${DEADLINE}T09:00`, [application(), credited()]), 0)).toEqual({
      kind: 'documents_reminder',
      subject: 'OB-1',
      date: DEADLINE,
      variant: 'left-0',
      params: { deadline: DEADLINE, workingDaysLeft: 0, elapsed: 45, total: 45 },
    });
  });

  it('is sent once at 09:00 on the deadline day, after the 1-day reminder', async () => {
    const world = await creditedCase();
    await world.advanceTo(at(`${DEADLINE}T08:59`));
    expect(world.ledger.items.has(LAST_DAY_ID)).toBe(false);
    await world.advanceTo(at(`${DEADLINE}T09:00`));
    expect(world.ledger.items.get(LAST_DAY_ID)?.status).toBe('sent');
    await world.runDue(lastDayFired());
    expect(world.kindsSentTo(CHAT).filter((kind) => kind === 'documents_reminder')).toHaveLength(5);
  });

  it('sends nothing when it fires after the documents arrived', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-06-01T15:00'));
    expect(world.book.records.has('OB-1|documents_reminder-0')).toBe(true);
    await world.ingest(documents({ submittedOn: '2026-06-01' }));
    // The plan dropped it; a schedule left behind (a failed delete, a redrive) still fires.
    expect(world.book.records.has('OB-1|documents_reminder-0')).toBe(false);
    await world.advanceTo(at(`${DEADLINE}T09:00`));
    await world.runDue(lastDayFired());
    expect(world.ledger.items.has(LAST_DAY_ID)).toBe(false);
  });

  it('sends nothing on a case under review, where the 1-day reminder still goes (early, never late)', async () => {
    const credit = credited({ creditedOn: '2026-03-20' }, { eventId: 'credit-1' });
    const conflicting = { ...credit, data: { ...credit.data, creditedOn: '2026-03-23' } };
    const world = await creditedCase('2026-03-24T10:00', [credit, conflicting]);
    // The earliest credit date counts: the same deadline, the same plan, last day included.
    expect(world.book.records.has('OB-1|documents_reminder-0')).toBe(true);
    await world.advanceTo(at(`${DEADLINE}T12:00`));
    await world.runDue(lastDayFired());
    expect(world.ledger.items.has(`documents_reminder|OB-1|${DEADLINE}|left-1|${CHAT}`)).toBe(true);
    expect(world.ledger.items.has(LAST_DAY_ID)).toBe(false);
  });

  it('is not fired once quiet hours begin: the sender would carry it into the next day', () => {
    const nine = at(`${DEADLINE}T09:00`);
    expect(stillWorthFiring({ kind: 'documents_reminder', at: nine }, at(`${DEADLINE}T20:59`))).toBe(true);
    expect(stillWorthFiring({ kind: 'documents_reminder', at: nine }, at(`${DEADLINE}T21:00`))).toBe(false);
    expect(documentsReminder(caseAt('2026-06-03T09:00', [application(), credited()]), 0)).toBeUndefined();
  });
});

describe('documents received: news that must not be lost (review of issue 14 item 10)', () => {
  it('announces documents handed in again the same day after a rejection', async () => {
    const world = await creditedCase();
    await world.advanceTo(at('2026-04-15T11:00'));
    await world.ingest(
      documents({ submittedOn: '2026-04-15' }, { eventId: 'docs-1', occurredAt: '2026-04-15T10:00:00+05:00' }),
    );
    await world.advanceTo(at('2026-04-15T15:00'));
    await world.ingest(rejected({ rejectedOn: '2026-04-15' }, { occurredAt: '2026-04-15T14:00:00+05:00' }));
    await world.advanceTo(at('2026-04-15T17:00'));
    await world.ingest(
      documents({ submittedOn: '2026-04-15' }, { eventId: 'docs-2', occurredAt: '2026-04-15T16:00:00+05:00' }),
    );
    expect(world.kindsSentTo(CHAT).slice(-3)).toEqual([
      'documents_received',
      'documents_rejected',
      'documents_received',
    ]);
  });

  it('announces documents that came in under review once the operator resolves it, and only once', async () => {
    const credit = credited({ creditedOn: '2026-03-20' }, { eventId: 'credit-1' });
    const conflicting = { ...credit, data: { ...credit.data, creditedOn: '2026-03-23' } };
    const world = await creditedCase('2026-03-24T10:00', [credit, conflicting]);
    await world.advanceTo(at('2026-04-15T11:00'));
    await world.ingest(documents({ submittedOn: '2026-04-15' }));
    expect(received(world)).toEqual([]);
    const [item] = (await openReviewItems(world.facts)).filter((open) => open.kind === 'conflict');
    if (!item) throw new Error('no conflict under review');
    const decision = { eventKey: item.eventKey, keep: item.versions[0] ?? '', by: 'op', why: 'bank statement' };
    await resolveReviewItem(
      { facts: world.facts, changes: world.changes },
      { ...decision, at: at('2026-04-15T12:00') },
    );
    await world.settle();
    expect(received(world)).toEqual(['documents_received']);
    // Another re-plan finds the same news already told.
    await resolveReviewItem(
      { facts: world.facts, changes: world.changes },
      { ...decision, at: at('2026-04-15T12:30') },
    );
    await world.settle();
    expect(received(world)).toEqual(['documents_received']);
  });
});
