import type { WorkingCalendar } from './calendar/working-calendar';
import { addDays, formatKazakhstanInstant, type Instant, type IsoDate, kazakhstanInstant } from './dates';
import { type PensionRuleSet, pensionRulesOn } from './rules/pension-rules';

export interface PlannedReminder {
  kind: 'documents_reminder';
  workingDaysLeft: number;
  /** ISO-8601 with the Kazakhstan offset. */
  at: string;
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

/** The deadline, countdown, reminders and return moment of the current window (seed 000 §23). */
export function documentsPlan(options: {
  creditedOn: IsoDate | null;
  stage1: { submittedOn: IsoDate } | undefined;
  returned: boolean;
  today: IsoDate;
  rules: PensionRuleSet;
  calendar: WorkingCalendar;
}) {
  const { creditedOn, stage1, rules, calendar, today } = options;
  const deadline = deadlineOf(creditedOn, calendar);
  const inTime = !!stage1 && !!deadline && stage1.submittedOn <= deadline;
  const waiting = !!creditedOn && !!deadline && !stage1 && !options.returned;
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
