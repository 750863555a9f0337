import { createHash } from 'node:crypto';
import type { TypedNotificationIntent } from '../contracts/internal';
import type { ReturnToFundDue, ReturnToFundWithdrawn } from '../contracts/outbound';
import { HOLDING_FLAGS } from '../domain/case-flags';
import { formatKazakhstanInstant, type Instant } from '../domain/dates';
import { deadlinePassed } from '../domain/notifications';
import type { CaseStatus } from '../domain/pension-case';
import { type NotifyCitizensPorts, notifyCitizens } from './notify-citizens';
import type { OutboundQueue, OutboxMarkers } from './ports';

/**
 * The return-to-fund order (seed 000 §23) and its withdrawal: irreversible for the citizen, so never sent on a doubt
 * (BRIEF 2.4) — not before the settle moment, not while a fact of the case is under review, re-checked on the case as
 * it is when sending — and withdrawn, exactly once, when documents dated in time (or a stage-1 clinic payment) turn up
 * after it went out. One order per credit *window*, keyed by the window's ordinal, so a correction of the credit date
 * (a new ENPF event, or a conflict resolved to the other date) can neither send a second order nor hide the first one
 * from its withdrawal (docs/scheduling.md).
 */

/** Why an order or a withdrawal waits for an operator. */
export type HoldReason = 'under_review' | 'documents_rejected_after_deadline' | 'withdrawn_before';

/** What a return-order step did; `early` and `held` leave a fired schedule unfired, so it fires again. */
export type ReturnOrderResult =
  | { outcome: 'sent'; event: ReturnToFundDue | ReturnToFundWithdrawn }
  /** Sent and confirmed before: only the citizen's message is queued again (its id de-duplicates it). */
  | { outcome: 'already_sent' }
  /** Nothing to order or withdraw for the case as it is now. */
  | { outcome: 'nothing' }
  /** The settle moment has not come. */
  | { outcome: 'early' }
  /**
   * An operator decides first: a fact of the case has conflicting versions (`under_review`), documents that stood at
   * the deadline were rejected after it, or the order of this window was already withdrawn (`withdrawn_before`).
   */
  | { outcome: 'held'; reason: HoldReason };

/** Event ids are ≤ 128 printable characters (BRIEF 3); an unusually long case id is replaced by its hash. */
function boundedCaseRef(caseId: string): string {
  return caseId.length <= 96 ? caseId : `h-${createHash('sha256').update(caseId).digest('hex').slice(0, 40)}`;
}

/**
 * The credit window an order is for: its ordinal in `CaseStatus.windows` (1 for the first money on the account). It
 * stays the same when the credit date of the window is corrected, and a re-credit after a return is the next one.
 */
export function orderWindowOf(status: Pick<CaseStatus, 'windows'>): number {
  return status.windows.length;
}

/** The order's event id and outbox key: one per case *and credit window*, so a re-credit after a return gets its own. */
export function returnOrderKey(caseId: string, window: number): string {
  return `return-due:${boundedCaseRef(caseId)}:window-${window}`;
}

/** The withdrawal's event id and outbox key, one per order. */
export function returnWithdrawalKey(caseId: string, window: number): string {
  return `return-withdrawn:${boundedCaseRef(caseId)}:window-${window}`;
}

/** Why the case waits for an operator, if it does. */
function holdOf(status: CaseStatus): HoldReason | undefined {
  if (!status.underReview) return undefined;
  return status.reviewFlags.some((flag) => HOLDING_FLAGS.has(flag.code))
    ? 'documents_rejected_after_deadline'
    : 'under_review';
}

/**
 * Stage-1 documents arrived on or before the deadline, or the clinic was paid for stage 1 (the domain then plans no
 * return: `returnToFundAt` null).
 */
export function documentsInTime(status: CaseStatus): boolean {
  return status.creditedOn !== null && status.documentsDeadline !== null && status.returnToFundAt === null;
}

export interface ReturnOrderPorts extends NotifyCitizensPorts {
  outbound: OutboundQueue;
  outbox: OutboxMarkers;
  /** The source named in outbound events. */
  outboundSource: string;
}

/** A case as the due handler derived it, once, with the citizens it concerns. */
export interface CaseAtHand {
  status: CaseStatus;
  citizenKeys: readonly string[];
}

/** What the step did, and how many notifications it queued. */
export interface ReturnOrderStep {
  result: ReturnOrderResult;
  notified: number;
}

const nothing: ReturnOrderStep = { result: { outcome: 'nothing' }, notified: 0 };
const held = (reason: HoldReason): ReturnOrderStep => ({ result: { outcome: 'held', reason }, notified: 0 });

/**
 * Sends an outbound event exactly once: a marker is written first, the message sent, the marker confirmed. A
 * redelivery finds the confirmed marker and sends nothing; one that finds an unconfirmed marker sends again, and the
 * FIFO queue drops that resend by its event id (the operator may de-duplicate by it too).
 */
async function sendOnce(
  ports: ReturnOrderPorts,
  event: ReturnToFundDue | ReturnToFundWithdrawn,
): Promise<ReturnOrderResult> {
  if ((await ports.outbox.begin(event.eventId)) === 'already_sent') return { outcome: 'already_sent' };
  await ports.outbound.send(event);
  await ports.outbox.confirm(event.eventId);
  return { outcome: 'sent', event };
}

/**
 * The order, and the citizen's "deadline passed", for a case whose return trigger fired. At most one order per credit
 * window: a window whose order was withdrawn and that is due again (say, a conflict resolved to documents dated late)
 * gets no second order and no "deadline passed" — it is held for an operator, who holds the withdrawal.
 */
export async function orderReturnToFund(
  ports: ReturnOrderPorts,
  at: CaseAtHand,
  now: Instant,
): Promise<ReturnOrderStep> {
  const { status } = at;
  const { caseId, creditedOn, documentsDeadline, amountTiyn, returnToFundAt } = status;
  if (!returnToFundAt || status.returned) return nothing;
  if (now < Date.parse(returnToFundAt)) return { result: { outcome: 'early' }, notified: 0 };
  const hold = holdOf(status);
  if (hold) return held(hold);
  if (!status.returnToFundDue || !creditedOn || !documentsDeadline || amountTiyn === null) return nothing;
  const window = orderWindowOf(status);
  if ((await ports.outbox.state(returnWithdrawalKey(caseId, window))) !== 'none') return held('withdrawn_before');
  const result = await sendOnce(ports, {
    eventId: returnOrderKey(caseId, window),
    type: 'pension.return_to_fund.due',
    occurredAt: returnToFundAt,
    source: ports.outboundSource,
    schemaVersion: 1,
    data: { caseId, creditedOn, deadline: documentsDeadline, amountTiyn },
  });
  const told = deadlinePassed(status);
  return { result, notified: await notifyCitizens(ports, at.citizenKeys, told ? [told] : []) };
}

/**
 * Whether a case may need its order withdrawn: documents in time (or a stage-1 payment), no return, and an order of
 * the current window that went out (or may have: a marker not confirmed) whose withdrawal has not. The window's key
 * does not move with a corrected credit date, so the order sent before a correction is the one found. Two reads of
 * markers, no derivation: the planner's cheap check before it hands the decision to the due handler.
 */
export async function needsWithdrawalCheck(
  ports: { outbox: Pick<OutboxMarkers, 'state'> },
  status: CaseStatus,
): Promise<boolean> {
  if (!documentsInTime(status) || status.returned || !status.creditedOn) return false;
  const window = orderWindowOf(status);
  if ((await ports.outbox.state(returnOrderKey(status.caseId, window))) === 'none') return false;
  return (await ports.outbox.state(returnWithdrawalKey(status.caseId, window))) !== 'sent';
}

/**
 * Withdraws the return order of the current window when documents dated on or before the deadline (or a stage-1
 * clinic payment) have arrived since it went out and the money has not come back (`pension.funds.returned`), and tells
 * the citizen. The withdrawal names the window's credit date as it is now. A marker left `pending` by a crash
 * counts as sent: the order may have left, and a withdrawal of an order never received harms no one.
 */
export async function withdrawReturnOrder(
  ports: ReturnOrderPorts,
  at: CaseAtHand,
  now: Instant,
): Promise<ReturnOrderStep> {
  const { status } = at;
  const { caseId, creditedOn, documentsDeadline, amountTiyn } = status;
  const hold = holdOf(status);
  if (hold) return held(hold);
  if (!documentsInTime(status) || status.returned || !creditedOn || !documentsDeadline || amountTiyn === null) {
    return nothing;
  }
  const window = orderWindowOf(status);
  if ((await ports.outbox.state(returnOrderKey(caseId, window))) === 'none') return nothing;
  const result = await sendOnce(ports, {
    eventId: returnWithdrawalKey(caseId, window),
    type: 'pension.return_to_fund.withdrawn',
    occurredAt: formatKazakhstanInstant(now),
    source: ports.outboundSource,
    schemaVersion: 1,
    data: { caseId, creditedOn, deadline: documentsDeadline, amountTiyn, reason: 'documents_in_time' },
  });
  const told: TypedNotificationIntent = {
    kind: 'return_withdrawn',
    subject: caseId,
    date: creditedOn,
    params: { deadline: documentsDeadline, amountTiyn },
  };
  return { result, notified: await notifyCitizens(ports, at.citizenKeys, [told]) };
}
