import type { WorkingCalendar } from './calendar/working-calendar';
import { firstSubmission, rejectedAfterDeadline, standingSubmissions } from './case-documents';
import { type CaseReviewFlag, caseReviewFlags, HOLDING_FLAGS } from './case-flags';
import type { WindowScope } from './case-windows';
import { addDays, formatKazakhstanInstant, type Instant, type IsoDate, kazakhstanInstant } from './dates';
import type { ApplicationSubmittedData } from './events';
import { type PensionRuleSet, pensionRulesOn } from './rules/pension-rules';

export interface PlannedReminder {
  kind: 'documents_reminder';
  workingDaysLeft: number;
  /** ISO-8601 with the Kazakhstan offset. */
  at: string;
}

/**
 * Stage-1 documents that keep the money from going back (seed 000 §23): what "documents received — your money is safe
 * from return" tells the citizen.
 */
export interface DocumentsReceived {
  /** The date the standing stage-1 documents were handed in (the earliest standing submission). */
  receivedOn: IsoDate;
  deadline: IsoDate;
  /** Stage-1 rejections before these documents: documents handed in again after one are news again, even that day. */
  afterRejections: number;
}

/**
 * Whether the current window's stage-1 documents make the money safe from return, told as a fact only when it is
 * certain: standing (not rejected) documents dated on or before the deadline, the clinic not yet paid for stage 1 (the
 * payment is its own news), the money not returned, nothing under review, and the settle moment not reached — after
 * it a return order may already have gone out, and only its withdrawal (`return_withdrawn`) may tell the citizen.
 */
export function documentsReceivedOf(options: {
  stage1: { submittedOn: IsoDate } | undefined;
  stage1Paid: boolean;
  returned: boolean;
  underReview: boolean;
  /** Stage-1 rejections in this credit window. */
  rejections: number;
  deadline: IsoDate | null;
  at: Instant;
  rules: PensionRuleSet;
  calendar: WorkingCalendar;
}): DocumentsReceived | null {
  const { stage1, deadline } = options;
  if (!stage1 || !deadline || stage1.submittedOn > deadline) return null;
  if (options.stage1Paid || options.returned || options.underReview) return null;
  if (options.at >= returnOrderMoment(deadline, options.rules, options.calendar)) return null;
  return { receivedOn: stage1.submittedOn, deadline, afterRejections: options.rejections };
}

/** Where today stands against the documents deadline: before it, on the last day itself, or after it. */
export type DeadlinePhase = 'before' | 'last_day' | 'passed';

/**
 * The moment the return-to-fund order may go out (seed 000 §23; docs/domain.md "Settle window"): §23 lets the money go
 * back once the 45th working day has passed without documents, but documents uploaded late on the last day reach us
 * hours later through the operator's systems. Waiting until the settle time of the next working day costs the fund a
 * day and spares the citizen an irreversible wrong order.
 */
export function returnOrderMoment(deadline: IsoDate, rules: PensionRuleSet, calendar: WorkingCalendar): Instant {
  const { workingDaysAfterDeadline, localTime } = rules.returnOrderSettle;
  const [hour, minute] = localTime.split(':').map(Number);
  const day =
    workingDaysAfterDeadline > 0 ? calendar.addWorkingDays(deadline, workingDaysAfterDeadline) : addDays(deadline, 1);
  return kazakhstanInstant(day, hour, minute);
}

/** Seed 000 §23: the documents deadline of money credited on `creditedOn`, by the rules in force that day. */
export function deadlineOf(creditedOn: IsoDate | null, calendar: WorkingCalendar): IsoDate | null {
  if (!creditedOn) return null;
  return calendar.addWorkingDays(creditedOn, pensionRulesOn(creditedOn).documentsWindowWorkingDays);
}

function remindersBefore(deadline: IsoDate, rules: PensionRuleSet, calendar: WorkingCalendar): PlannedReminder[] {
  return rules.documentsReminders.map((reminder) => {
    const [hour, minute] = reminder.localTime.split(':').map(Number);
    const day = calendar.workingDaysBefore(deadline, reminder.workingDaysBefore);
    return {
      kind: 'documents_reminder',
      workingDaysLeft: reminder.workingDaysBefore,
      at: formatKazakhstanInstant(kazakhstanInstant(day, hour, minute)),
    };
  });
}

function phaseOf(today: IsoDate, deadline: IsoDate): DeadlinePhase {
  return today < deadline ? 'before' : today === deadline ? 'last_day' : 'passed';
}

/**
 * The deadline, countdown, reminders and return moment of the current window (seed 000 §23). A stage-1 payment to the
 * clinic proves the operator accepted stage-1 documents (§21: it pays only for documents that match the targeted use),
 * whether or not their documents event reached us and whatever a later rejection says: no reminders, no countdown and
 * no return order then.
 */
export function documentsPlan(options: {
  creditedOn: IsoDate | null;
  /** The earliest standing stage-1 submission. */
  stage1: { submittedOn: IsoDate } | undefined;
  /** The clinic was paid for stage 1 in this window. */
  stage1Paid: boolean;
  returned: boolean;
  today: IsoDate;
  rules: PensionRuleSet;
  calendar: WorkingCalendar;
}) {
  const { creditedOn, stage1, stage1Paid, rules, calendar, today } = options;
  const deadline = deadlineOf(creditedOn, calendar);
  const inTime = stage1Paid || (!!stage1 && !!deadline && stage1.submittedOn <= deadline);
  const waiting = !!creditedOn && !!deadline && !stage1 && !stage1Paid && !options.returned;
  const total = rules.documentsWindowWorkingDays;
  const elapsed = creditedOn ? Math.min(calendar.workingDaysBetween(creditedOn, today), total) : 0;
  return {
    deadline,
    returnMoment: deadline && !inTime ? returnOrderMoment(deadline, rules, calendar) : null,
    reminders: deadline && waiting ? remindersBefore(deadline, rules, calendar) : [],
    phase: deadline && waiting ? phaseOf(today, deadline) : null,
    window: waiting ? { totalWorkingDays: total, elapsedWorkingDays: elapsed, leftWorkingDays: total - elapsed } : null,
  };
}

/**
 * The current window's documents (the submissions still standing), its plan, its review flags, and whether a flag
 * holds the return order: stage-1 documents that stood at the deadline and were rejected after it (`case-flags.ts`).
 */
export function windowPlan(options: {
  scope: WindowScope;
  application: ApplicationSubmittedData | undefined;
  creditedOn: IsoDate | null;
  returned: boolean;
  today: IsoDate;
  rules: PensionRuleSet;
  calendar: WorkingCalendar;
}) {
  const { scope, creditedOn, returned } = options;
  const standing = standingSubmissions(scope.documents, scope.rejections);
  const stage1Paid = scope.transfers.some((t) => t.stage === 1);
  const stage1 = firstSubmission(standing, 1);
  const plan = documentsPlan({ ...options, stage1, stage1Paid });
  const late =
    plan.deadline && plan.returnMoment !== null && !returned
      ? rejectedAfterDeadline(scope.documents, scope.rejections, plan.deadline)
      : null;
  const reviewFlags: CaseReviewFlag[] = caseReviewFlags({
    application: options.application,
    creditedOn,
    rejectedAfterDeadline: late,
  });
  const held = reviewFlags.some((flag) => HOLDING_FLAGS.has(flag.code));
  return { standing, stage1, stage1Paid, plan, reviewFlags, held };
}
