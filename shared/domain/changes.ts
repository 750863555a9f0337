import type { Period } from './dates';
import type { CaseStatus } from './pension-case';

/** What a newly stored fact changed for a case, for the scheduling and notification capability. */
export const CASE_CHANGE_KINDS = [
  'case_opened',
  'deadline_set',
  'deadline_moved',
  'dkk_arrived',
  'documents_arrived',
  'transfer_completed',
  'return_due',
  'money_returned',
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
  | 'transfer_completed'
  | 'return_due'
  | 'money_returned'
  /** Reminders, the return-to-fund moment or the transfer due date differ: schedules must follow. */
  | 'plan_changed';

export type FactChange =
  | { kind: 'payment_recorded'; citizenKey: string; period: Period; accepted: boolean; eventKey: string }
  | { kind: 'contact_recorded'; citizenKey: string }
  | {
      kind: 'case_updated';
      caseId: string;
      /** The applicant and the patient: who may be told. */
      citizenKeys: string[];
      changes: CaseChangeKind[];
      after: CaseStatus;
    };

const PAID_STATES = new Set(['stage1_paid', 'paid']);

/**
 * What changed for a case between its status without and with one fact. Both sides are computed from stored facts,
 * so a redelivered event yields the same changes again (the consumer de-duplicates by its own deterministic ids)
 * instead of none — a crash between storing and handing over can never swallow a change.
 */
export function caseChanges(before: CaseStatus | undefined, after: CaseStatus): CaseChangeKind[] {
  const changes: CaseChangeKind[] = [];
  if (!before) changes.push('case_opened');
  if (before?.documentsDeadline !== after.documentsDeadline && after.documentsDeadline) {
    changes.push(before?.documentsDeadline ? 'deadline_moved' : 'deadline_set');
  }
  if (after.dkk.length > (before?.dkk.length ?? 0)) changes.push('dkk_arrived');
  const submittedBefore = before?.state === 'documents_submitted' ? before.stage : 0;
  if (after.state === 'documents_submitted' && after.stage !== submittedBefore) changes.push('documents_arrived');
  if (PAID_STATES.has(after.state) && (before?.state !== after.state || before.stage !== after.stage)) {
    changes.push('transfer_completed');
  }
  if (after.state === 'return_due' && before?.state !== 'return_due') changes.push('return_due');
  if (after.state === 'returned' && before?.state !== 'returned') changes.push('money_returned');
  const plan = (status: CaseStatus | undefined) =>
    JSON.stringify([status?.reminders ?? [], status?.returnToFundAt ?? null, status?.transferDue ?? null]);
  if (plan(before) !== plan(after)) changes.push('plan_changed');
  return changes;
}
