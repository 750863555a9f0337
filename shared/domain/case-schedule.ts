import { addDays, type Instant, kazakhstanDate, kazakhstanInstant, parseInstant, toKazakhstanTime } from './dates';
import type { Stage } from './events';
import { QUIET_HOURS } from './notifications';
import type { CaseStatus } from './pension-case';

export type CaseScheduleKind = 'documents_reminder' | 'return_to_fund' | 'transfer_overdue_check';

/** One moment at which something must be checked for a case; `key` is unique within the case and stable. */
export interface PlannedCaseSchedule {
  caseId: string;
  key: string;
  kind: CaseScheduleKind;
  at: Instant;
  workingDaysLeft?: number;
  stage?: Stage;
}

/** The check on the clinic payment runs at this local hour of the day after it was due (seed 000 §21, §22). */
export const TRANSFER_CHECK_HOUR = 10;

/**
 * Every schedule a case needs now, from its status (BRIEF 2.4): the documents reminders while documents are awaited,
 * the return-to-fund trigger unless stage-1 documents came in time or the money is back, and the clinic-payment check
 * while a transfer is awaited. What is not in this list must not exist: the planner deletes it.
 */
export function caseSchedules(status: CaseStatus): PlannedCaseSchedule[] {
  const planned: PlannedCaseSchedule[] = [];
  for (const reminder of status.reminders) {
    planned.push({
      caseId: status.caseId,
      key: `documents_reminder-${reminder.workingDaysLeft}`,
      kind: 'documents_reminder',
      at: parseInstant(reminder.at) ?? Number.NaN,
      workingDaysLeft: reminder.workingDaysLeft,
    });
  }
  // Kept after the moment passed (state `return_due`) until the money is back: a late credit event, a re-plan or the
  // reconciliation sweep must still find it, and the outbox makes a second firing harmless.
  if (status.returnToFundAt && !status.returned) {
    planned.push({
      caseId: status.caseId,
      key: 'return_to_fund',
      kind: 'return_to_fund',
      at: parseInstant(status.returnToFundAt) ?? Number.NaN,
    });
  }
  const awaited = status.awaitingTransfer;
  if (awaited) {
    planned.push({
      caseId: status.caseId,
      key: `transfer_overdue_check-${awaited.stage}`,
      kind: 'transfer_overdue_check',
      at: kazakhstanInstant(addDays(awaited.due, 1), TRANSFER_CHECK_HOUR),
      stage: awaited.stage,
    });
  }
  return planned;
}

/** Reminders whose moment passed more than this long ago are dropped rather than sent late. */
export const STALE_REMINDER_MS = 12 * 3_600_000;

/**
 * Whether a schedule that is due (or overdue) should still act. Triggers and checks always act — they re-check the
 * case anyway; a reminder planned for a day already gone would tell the citizen an outdated count, so it is skipped.
 * So is one that fires on its own day once quiet hours have begun: the sender would hold it until 09:00 of the next
 * day, when its count is a working day off ("today is the last day" on the day after the deadline).
 */
export function stillWorthFiring(schedule: Pick<PlannedCaseSchedule, 'kind' | 'at'>, now: Instant): boolean {
  if (schedule.kind !== 'documents_reminder') return true;
  if (now - schedule.at > STALE_REMINDER_MS) return false;
  const { date, minuteOfDay } = toKazakhstanTime(now);
  return date <= kazakhstanDate(schedule.at) && minuteOfDay < QUIET_HOURS.from * 60;
}
