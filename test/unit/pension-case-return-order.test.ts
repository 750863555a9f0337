import { describe, expect, it } from 'vitest';
import { caseView } from '../../shared/app/views';
import { encodeChangeMessage } from '../../shared/contracts/internal';
import { rejected } from '../helpers/case-events';
import { application, at, credited, documents, IIN, transfer } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryNotify } from '../helpers/in-memory-notify';
import { sqsRecord } from '../helpers/sqs';

/**
 * The return order end to end on in-memory ports (issue 12: irreversible actions are guarded; BRIEF 2.4 §21, §23):
 * what a clinic payment, a corrected credit date and a rejection after the deadline do to it.
 */

const CHAT = 1001;
const ORDER = 'return-due:OB-1:window-1';
const WITHDRAWAL = 'return-withdrawn:OB-1:window-1';
const orders = (world: InMemoryNotify) => world.outbound.sent.map((event) => [event.type, event.eventId]);
const count = (world: InMemoryNotify, kind: string) => world.kindsSentTo(CHAT).filter((k) => k === kind).length;

async function creditedCase() {
  const world = new InMemoryNotify(at('2026-03-20T10:00'));
  await world.link(CHAT, IIN.aigerim);
  const credit = credited(
    { creditedOn: '2026-03-20' },
    { eventId: 'credit-1', occurredAt: '2026-03-20T10:00:00+05:00' },
  );
  await world.ingest(application(), credit);
  return { world, credit };
}

/** The order for credit 2026-03-20 (deadline 2 June) went out at the settle moment. */
async function orderedCase() {
  const { world, credit } = await creditedCase();
  await world.advanceTo(at('2026-06-03T12:00'));
  expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER]]);
  return { world, credit };
}

async function statusOf(world: InMemoryNotify) {
  const status = await caseView({ ...world, at: world.now }, 'OB-1');
  if (!status) throw new Error('no case OB-1');
  return status;
}

describe('a stage-1 clinic payment proves the documents were accepted (§21)', () => {
  it('stops the order, the reminders and the deadline texts when the documents event never arrives', async () => {
    const { world } = await creditedCase();
    await world.advanceTo(at('2026-05-25T11:00'));
    await world.ingest(transfer({ transferredOn: '2026-05-25', amountTiyn: 250_000_000 }));
    await world.advanceTo(at('2026-06-20T12:00'));
    expect(world.outbound.sent).toEqual([]);
    expect(world.kindsSentTo(CHAT)).toEqual([
      'funds_credited',
      'documents_reminder',
      'documents_reminder',
      'paid_to_clinic',
    ]);
    expect(await statusOf(world)).toMatchObject({
      state: 'paid',
      returnToFundAt: null,
      deadlinePhase: null,
      documentsWindow: null,
    });
    expect([...world.book.records.keys()]).toEqual([]);
  });

  it('is not undone by a rejection dated after the payment', async () => {
    const { world } = await creditedCase();
    await world.advanceTo(at('2026-05-20T10:00'));
    await world.ingest(documents({ submittedOn: '2026-05-20' }, { occurredAt: '2026-05-20T10:00:00+05:00' }));
    await world.advanceTo(at('2026-05-25T11:00'));
    await world.ingest(transfer({ transferredOn: '2026-05-25', amountTiyn: 250_000_000 }));
    await world.advanceTo(at('2026-06-05T09:00'));
    await world.ingest(rejected({ rejectedOn: '2026-06-05' }, { occurredAt: '2026-06-05T09:00:00+05:00' }));
    await world.advanceTo(at('2026-06-20T12:00'));
    expect(world.outbound.sent).toEqual([]);
    expect(count(world, 'deadline_passed')).toBe(0);
    expect(count(world, 'documents_rejected')).toBe(0);
    const status = await statusOf(world);
    expect(status).toMatchObject({ state: 'paid', documentsRejected: null, underReview: false });
    expect(status.reviewFlags.map((flag) => flag.code)).not.toContain('documents_rejected_after_deadline');
  });

  it('withdraws an order that went out before the payment reached us', async () => {
    const { world } = await orderedCase();
    await world.advanceTo(at('2026-06-04T10:00'));
    await world.ingest(transfer({ transferredOn: '2026-05-25', amountTiyn: 250_000_000 }));
    expect(orders(world)).toEqual([
      ['pension.return_to_fund.due', ORDER],
      ['pension.return_to_fund.withdrawn', WITHDRAWAL],
    ]);
  });
});

describe('one order per credit window, whatever the credit date becomes', () => {
  const correction = () =>
    credited({ creditedOn: '2026-03-26' }, { eventId: 'credit-1-fix', occurredAt: '2026-06-03T13:00:00+05:00' });

  it('sends no second order when ENPF corrects the credit date by a new event', async () => {
    const { world } = await orderedCase();
    await world.ingest(correction());
    expect((await statusOf(world)).creditedOn).toBe('2026-03-26');
    await world.advanceTo(at('2026-06-20T12:00'));
    await world.runDue({ kind: 'reconciliation_sweep' });
    expect(orders(world)).toEqual([['pension.return_to_fund.due', ORDER]]);
  });

  it('withdraws the order when documents in time for the corrected date arrive, naming the current credit', async () => {
    const { world } = await orderedCase();
    await world.ingest(correction());
    await world.ingest(documents({ submittedOn: '2026-06-02' }, { occurredAt: '2026-06-03T14:00:00+05:00' }));
    await world.advanceTo(at('2026-06-20T12:00'));
    expect(orders(world)).toEqual([
      ['pension.return_to_fund.due', ORDER],
      ['pension.return_to_fund.withdrawn', WITHDRAWAL],
    ]);
    expect(world.outbound.sent[1]?.data).toMatchObject({ creditedOn: '2026-03-26', deadline: '2026-06-03' });
    expect(count(world, 'return_withdrawn')).toBe(1);
  });

  it('withdraws the order when a conflict on the credit is resolved to the other date', async () => {
    const { world, credit } = await orderedCase();
    const other = { ...credit, data: { ...credit.data, creditedOn: '2026-03-26' } };
    await world.ingest(other);
    expect((await statusOf(world)).underReview).toBe(true);
    await world.facts.resolve({
      eventKey: `${credit.source}#credit-1`,
      keep: testIdentity.contentHash(other),
      by: 'operator-1',
      why: 'ENPF confirmed the later credit date',
      at: '2026-06-03T15:00:00+05:00',
    });
    const replan = encodeChangeMessage({ kind: 'case_updated', caseId: 'OB-1', citizenKeys: [], changes: [] });
    await world.planner(sqsRecord(replan));
    await world.settle();
    await world.ingest(documents({ submittedOn: '2026-06-03' }, { occurredAt: '2026-06-03T16:00:00+05:00' }));
    await world.advanceTo(at('2026-06-20T12:00'));
    expect(orders(world)).toEqual([
      ['pension.return_to_fund.due', ORDER],
      ['pension.return_to_fund.withdrawn', WITHDRAWAL],
    ]);
  });
});

describe('documents handed in on time and rejected after the deadline (§23)', () => {
  const rejectedLate = () => rejected({ rejectedOn: '2026-06-05' }, { occurredAt: '2026-06-05T09:00:00+05:00' });

  it('after a withdrawal: no new order, the case is held for an operator and the citizen is not told "passed"', async () => {
    const { world } = await orderedCase();
    await world.ingest(documents({ submittedOn: '2026-06-02' }, { occurredAt: '2026-06-02T23:50:00+05:00' }));
    await world.runDue({ kind: 'return_withdrawal_check', caseId: 'OB-1' });
    await world.advanceTo(at('2026-06-05T09:00'));
    await world.ingest(rejectedLate());
    await world.advanceTo(at('2026-06-10T12:00'));
    await world.runDue({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' });
    expect(orders(world)).toEqual([
      ['pension.return_to_fund.due', ORDER],
      ['pension.return_to_fund.withdrawn', WITHDRAWAL],
    ]);
    const status = await statusOf(world);
    expect(status).toMatchObject({ underReview: true, returnToFundDue: false });
    expect(status.state).not.toBe('return_due');
    expect(status.reviewFlags.find((flag) => flag.code === 'documents_rejected_after_deadline')).toMatchObject({
      on: '2026-06-05',
      why: 'stage-1 documents handed in on 2026-06-02, by the deadline 2026-06-02, were rejected on 2026-06-05, after it: the return order waits for an operator',
    });
    expect(count(world, 'deadline_passed')).toBe(1);
  });

  it('a window whose order was withdrawn gets no second order when it is due again, and the hold is counted', async () => {
    const { world } = await orderedCase();
    const inTime = documents(
      { submittedOn: '2026-06-02' },
      { eventId: 'docs-1', occurredAt: '2026-06-02T23:50:00+05:00' },
    );
    await world.ingest(inTime);
    expect(orders(world)).toHaveLength(2);
    const late = { ...inTime, data: { ...inTime.data, submittedOn: '2026-06-04' } };
    await world.ingest(late);
    await world.facts.resolve({
      eventKey: `${inTime.source}#docs-1`,
      keep: testIdentity.contentHash(late),
      by: 'operator-1',
      why: 'the cabinet shows the later upload',
      at: '2026-06-04T13:00:00+05:00',
    });
    const replan = encodeChangeMessage({ kind: 'case_updated', caseId: 'OB-1', citizenKeys: [], changes: [] });
    await world.planner(sqsRecord(replan));
    await world.settle();
    expect((await statusOf(world)).returnToFundDue).toBe(true);
    expect(orders(world)).toEqual([
      ['pension.return_to_fund.due', ORDER],
      ['pension.return_to_fund.withdrawn', WITHDRAWAL],
    ]);
    const held = world.telemetry.metrics.filter((m) => m.metric === 'ReturnOrdersHeld');
    expect(held.map((m) => m.dimensions.reason)).toContain('withdrawn_before');
  });

  it('without an order sent yet: none goes out, and the hold is counted for the operators', async () => {
    const { world } = await creditedCase();
    await world.advanceTo(at('2026-05-20T10:00'));
    await world.ingest(documents({ submittedOn: '2026-05-20' }, { occurredAt: '2026-05-20T10:00:00+05:00' }));
    await world.advanceTo(at('2026-06-05T09:00'));
    await world.ingest(rejectedLate());
    await world.advanceTo(at('2026-06-10T12:00'));
    await world.runDue({ kind: 'reconciliation_sweep' });
    expect(world.outbound.sent).toEqual([]);
    expect(count(world, 'deadline_passed')).toBe(0);
    expect(count(world, 'documents_rejected')).toBe(1);
    const held = world.telemetry.metrics.filter((m) => m.metric === 'ReturnOrdersHeld');
    expect(held.map((m) => m.dimensions.reason)).toContain('documents_rejected_after_deadline');
  });
});
