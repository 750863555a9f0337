import type { Period } from './dates';
import type { CaseStatus } from './pension-case';

/** What a newly stored fact changed for a case, for the scheduling and notification capability. */
export const CASE_CHANGE_KINDS = [
  'case_opened',
  'deadline_set',
  'deadline_moved',
  'dkk_arrived',
  'documents_arrived',
  'documents_received',
  'transfer_completed',
  'return_due',
  'money_returned',
  'documents_rejected',
  'remainder_returned',
  'plan_changed',
] as const;

export function isCaseChangeKind(value: string): value is CaseChangeKind {
  return (CASE_CHANGE_KINDS as readonly string[]).includes(value);
}

export type CaseChangeKind =
  | 'case_opened'
  | 'deadline_set'
  | 'deadline_moved'
  | 'dkk_arrived'
  | 'documents_arrived'
  /**
   * Stage-1 documents in time now keep the money from going back (`CaseStatus.documentsReceived`), where they did not
   * before: a new date, or the first time.
   */
  | 'documents_received'
  | 'transfer_completed'
  | 'return_due'
  | 'money_returned'
  /** The operator rejected the documents of the current stage (a new rejection, or another reason or date). */
  | 'documents_rejected'
  /** The clinic was paid and the unused remainder went back to ENPF: the case stays paid (§23 ¶2). */
  | 'remainder_returned'
  /** Reminders, the return-to-fund moment or the transfer due date differ: schedules must follow. */
  | 'plan_changed';

/**
 * `backfill`: the fact came through the backfill queue (history loaded at launch or after an outage): state and plans
 * follow it, but nobody is told about it — it was already past when it arrived (issue 13 item 15).
 */
export type FactChange = (
  | { kind: 'payment_recorded'; citizenKey: string; period: Period; accepted: boolean; eventKey: string }
  | { kind: 'contact_recorded'; citizenKey: string }
  | {
      kind: 'case_updated';
      caseId: string;
      /** The applicant and the patient: who may be told. */
      citizenKeys: string[];
      changes: CaseChangeKind[];
    }
) & { backfill?: true };

const PAID_STATES = new Set(['stage1_paid', 'paid']);

/**
 * What changed for a case between its status without and with one fact. Both sides are computed from stored facts,
 * so a redelivered event yields the same changes again (the consumer de-duplicates by its own deterministic ids)
 * instead of none — a crash between storing and handing over can never swallow a change.
 */
export function caseChanges(before: CaseStatus | undefined, after: CaseStatus): CaseChangeKind[] {
  const changes: CaseChangeKind[] = [];
  if (!before) changes.push('case_opened');
  const deadline = deadlineChange(before, after);
  if (deadline) changes.push(deadline);
  if (after.dkk.length > (before?.dkk.length ?? 0)) changes.push('dkk_arrived');
  const submittedBefore = before?.state === 'documents_submitted' ? before.stage : 0;
  if (after.state === 'documents_submitted' && after.stage !== submittedBefore) changes.push('documents_arrived');
  const received = after.documentsReceived?.receivedOn;
  if (received && received !== before?.documentsReceived?.receivedOn) changes.push('documents_received');
  if (PAID_STATES.has(after.state) && (before?.state !== after.state || before.stage !== after.stage)) {
    changes.push('transfer_completed');
  }
  if (after.state === 'return_due' && before?.state !== 'return_due') changes.push('return_due');
  if (after.state === 'returned' && before?.state !== 'returned') changes.push('money_returned');
  if (after.documentsRejected && rejectionOf(before) !== rejectionOf(after)) changes.push('documents_rejected');
  // A remainder after a clinic payment leaves the case paid, so `money_returned` does not fire for it.
  if (after.returned?.kind === 'remainder' && after.state !== 'returned' && !before?.returned) {
    changes.push('remainder_returned');
  }
  const plan = (status: CaseStatus | undefined) =>
    JSON.stringify([
      status?.reminders ?? [],
      status?.returnToFundAt ?? null,
      status?.transferDue ?? null,
      status?.underReview ?? false,
    ]);
  if (plan(before) !== plan(after)) changes.push('plan_changed');
  return changes;
}

/**
 * A deadline where there was none, or a new window (money credited again after a return, seed 000 §23): announced as
 * a first credit. A different deadline in the same window is a correction of the credit date.
 */
function deadlineChange(before: CaseStatus | undefined, after: CaseStatus): CaseChangeKind | undefined {
  if (!after.documentsDeadline) return undefined;
  if (after.windows.length > (before?.windows.length ?? 0)) return 'deadline_set';
  if (before?.documentsDeadline === after.documentsDeadline) return undefined;
  return before?.documentsDeadline ? 'deadline_moved' : 'deadline_set';
}

const rejectionOf = (status: CaseStatus | undefined) => {
  const rejection = status?.documentsRejected;
  return rejection ? `${rejection.stage}|${rejection.rejectedOn}|${rejection.reasonCode}` : '';
};
