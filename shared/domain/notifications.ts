import type { CaseChangeKind } from './changes';
import {
  addDays,
  type Instant,
  type IsoDate,
  kazakhstanDate,
  kazakhstanInstant,
  toEpochDay,
  toKazakhstanTime,
} from './dates';
import type { InsuranceStatus } from './insurance';
import type { CaseStatus } from './pension-case';

/** Every kind of message a citizen can receive unasked (issue 4). */
export type NotificationKind =
  | 'funds_credited'
  | 'dkk_arrived'
  | 'documents_reminder'
  | 'deadline_passed'
  | 'money_returned'
  | 'paid_to_clinic'
  | 'transfer_overdue'
  | 'coverage_ending'
  | 'coverage_ended'
  | 'coverage_restored';

/** Which reminder switch in `/reminders` governs a kind. */
export type ReminderTopic = 'pension' | 'coverage';

export const TOPIC_OF: Readonly<Record<NotificationKind, ReminderTopic>> = {
  funds_credited: 'pension',
  dkk_arrived: 'pension',
  documents_reminder: 'pension',
  deadline_passed: 'pension',
  money_returned: 'pension',
  paid_to_clinic: 'pension',
  transfer_overdue: 'pension',
  coverage_ending: 'coverage',
  coverage_ended: 'coverage',
  coverage_restored: 'coverage',
};

/**
 * What to tell, not how: the kind, what it is about, the date that makes it unique, and raw values (ISO dates, tiyn)
 * that the renderer formats in the reader's language.
 */
export interface NotificationIntent {
  kind: NotificationKind;
  /** A case id or a citizen key. */
  subject: string;
  /** With `kind` and `variant`, makes the notification unique: the same intent is never delivered twice to a chat. */
  date: IsoDate;
  variant?: string;
  params: Record<string, string | number>;
}

/** The deterministic id of a notification to one chat: subject + kind + date (+ variant) + chat. */
export function notificationId(intent: NotificationIntent, chatId: number): string {
  return [intent.kind, intent.subject, intent.date, intent.variant ?? '-', String(chatId)].join('|');
}

/** What a citizen is told when ingest reports a change of their case. */
export function caseChangeNotifications(changes: readonly CaseChangeKind[], status: CaseStatus): NotificationIntent[] {
  const intents: NotificationIntent[] = [];
  const subject = status.caseId;
  // A credit event that arrives after the deadline gets only the "deadline passed" message (from the trigger), not a
  // countdown that already ran out.
  if (
    changes.includes('deadline_set') &&
    status.creditedOn &&
    status.documentsDeadline &&
    status.documentsWindow &&
    !status.returnToFundDue
  ) {
    intents.push({
      kind: 'funds_credited',
      subject,
      date: status.creditedOn,
      params: {
        amountTiyn: status.amountTiyn ?? 0,
        creditedOn: status.creditedOn,
        deadline: status.documentsDeadline,
        workingDays: status.documentsWindow.totalWorkingDays,
      },
    });
  }
  // Every conclusion of the case: the ones already announced have the same notification ids and are dropped by the
  // ledger, so the order in which conclusions arrive does not matter.
  if (changes.includes('dkk_arrived')) {
    for (const dkk of status.dkk) {
      intents.push({
        kind: 'dkk_arrived',
        subject,
        date: dkk.sessionDate,
        variant: dkk.conclusionId,
        params: { sessionDate: dkk.sessionDate, stage: dkk.stage },
      });
    }
  }
  const transfer = status.lastTransfer;
  if (changes.includes('transfer_completed') && transfer) {
    intents.push({
      kind: 'paid_to_clinic',
      subject,
      date: transfer.transferredOn,
      variant: `stage-${transfer.stage}`,
      params: {
        transferredOn: transfer.transferredOn,
        amountTiyn: transfer.amountTiyn,
        stage: transfer.stage,
        nextStep: status.twoStage && transfer.stage === 1 ? 'stage-two' : 'none',
      },
    });
  }
  if (changes.includes('money_returned') && status.returned) {
    intents.push({
      kind: 'money_returned',
      subject,
      date: status.returned.returnedOn,
      params: { returnedOn: status.returned.returnedOn, amountTiyn: status.returned.amountTiyn },
    });
  }
  return intents;
}

/** The documents reminder for a case, if it is still waiting for documents with that many working days left. */
export function documentsReminder(status: CaseStatus, workingDaysLeft: number): NotificationIntent | undefined {
  const planned = status.reminders.find((reminder) => reminder.workingDaysLeft === workingDaysLeft);
  if (!planned || !status.documentsDeadline || !status.documentsWindow) return undefined;
  return {
    kind: 'documents_reminder',
    subject: status.caseId,
    date: status.documentsDeadline,
    variant: `left-${workingDaysLeft}`,
    params: {
      deadline: status.documentsDeadline,
      workingDaysLeft,
      elapsed: status.documentsWindow.totalWorkingDays - workingDaysLeft,
      total: status.documentsWindow.totalWorkingDays,
    },
  };
}

export function deadlinePassed(status: CaseStatus): NotificationIntent | undefined {
  if (!status.returnToFundDue || !status.documentsDeadline) return undefined;
  return {
    kind: 'deadline_passed',
    subject: status.caseId,
    date: status.documentsDeadline,
    params: { deadline: status.documentsDeadline, amountTiyn: status.amountTiyn ?? 0 },
  };
}

export function transferOverdue(status: CaseStatus): NotificationIntent | undefined {
  const awaited = status.awaitingTransfer;
  if (!status.transferOverdue || !awaited) return undefined;
  return {
    kind: 'transfer_overdue',
    subject: status.caseId,
    date: awaited.due,
    variant: `stage-${awaited.stage}`,
    params: { submittedOn: awaited.submittedOn, transferDue: awaited.due, stage: awaited.stage },
  };
}

/** Days before `coveredThrough` on which a linked citizen is reminded (issue 4). */
export const COVERAGE_REMINDER_DAYS = [14, 3] as const;

/**
 * The coverage message due today for a citizen, if any: 14 and 3 days before `coveredThrough`, and on the day after
 * it ("coverage ended"). The daily sweep asks this for every linked citizen.
 */
export function coverageNotice(options: {
  citizenKey: string;
  insurance: InsuranceStatus;
  today: IsoDate;
  monthlyAmountTiyn: number;
  restoreMaxMonths: number;
}): NotificationIntent | undefined {
  const { insurance, today, citizenKey } = options;
  const end = insurance.coveredThrough;
  if (!end) return undefined;
  const daysLeft = toEpochDay(end) - toEpochDay(today);
  if ((COVERAGE_REMINDER_DAYS as readonly number[]).includes(daysLeft)) {
    return {
      kind: 'coverage_ending',
      subject: citizenKey,
      date: end,
      variant: `days-${daysLeft}`,
      params: { coveredThrough: end, days: daysLeft, monthlyAmountTiyn: options.monthlyAmountTiyn },
    };
  }
  if (today === addDays(end, 1) && insurance.lastPaidPeriod) {
    // The unpaid months so far are the grace months (L+1 … L+grace); art. 5 p.3 caps what can be paid back at 12.
    const missed = Math.max(1, Math.min(options.restoreMaxMonths, insurance.graceMonths ?? 1));
    return {
      kind: 'coverage_ended',
      subject: citizenKey,
      date: end,
      params: { coveredThrough: end, restoreMonths: missed, monthlyAmountTiyn: options.monthlyAmountTiyn },
    };
  }
  return undefined;
}

/**
 * "Welcome back": a payment turned a lapsed status (not insured) into insured. Not for a conditionally insured person
 * — they never lost care — and so not for history loaded in bulk, where each month "restores" the one before.
 */
export function coverageRestored(options: {
  citizenKey: string;
  before: InsuranceStatus;
  after: InsuranceStatus;
}): NotificationIntent | undefined {
  const { before, after } = options;
  if (before.status !== 'not_insured' || after.status !== 'insured' || !after.coveredThrough) return undefined;
  return {
    kind: 'coverage_restored',
    subject: options.citizenKey,
    date: after.coveredThrough,
    params: { coveredThrough: after.coveredThrough },
  };
}

export const QUIET_HOURS = { from: 21, until: 9 } as const;

/**
 * When a message may be delivered: now, unless it is between 21:00 and 09:00 Kazakhstan time, then at the next 09:00.
 */
export function deliveryTime(now: Instant): Instant {
  const { date, minuteOfDay } = toKazakhstanTime(now);
  if (minuteOfDay >= QUIET_HOURS.until * 60 && minuteOfDay < QUIET_HOURS.from * 60) return now;
  const day = minuteOfDay < QUIET_HOURS.until * 60 ? date : addDays(date, 1);
  return kazakhstanInstant(day, QUIET_HOURS.until);
}

export function todayIn(now: Instant): IsoDate {
  return kazakhstanDate(now);
}
