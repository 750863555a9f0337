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
  | 'documents_rejected'
  | 'remainder_returned'
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
  documents_rejected: 'pension',
  remainder_returned: 'pension',
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
  intents.push(...afterPaymentNotifications(changes, status));
  return intents;
}

/** Why the documents were rejected (one per stage and date), and "paid to the clinic X, remainder Y returned". */
function afterPaymentNotifications(changes: readonly CaseChangeKind[], status: CaseStatus): NotificationIntent[] {
  const intents: NotificationIntent[] = [];
  const rejection = status.documentsRejected;
  if (changes.includes('documents_rejected') && rejection) {
    intents.push({
      kind: 'documents_rejected',
      subject: status.caseId,
      date: rejection.rejectedOn,
      variant: `stage-${rejection.stage}`,
      params: { rejectedOn: rejection.rejectedOn, reasonCode: rejection.reasonCode, stage: rejection.stage },
    });
  }
  const returned = status.returned;
  if (changes.includes('remainder_returned') && returned?.kind === 'remainder') {
    intents.push({
      kind: 'remainder_returned',
      subject: status.caseId,
      date: returned.returnedOn,
      params: {
        returnedOn: returned.returnedOn,
        paidTiyn: status.paidToClinicTiyn,
        remainderTiyn: returned.amountTiyn,
      },
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
 * What the coverage messages need to say who pays and what is owed (issue 13 items 1–3): the payer basis, the owed
 * months inside the art. 5 p.3 window (the first of them is the missing payment an employee or the state is told
 * about), their cost for a person who pays for themselves (absent otherwise: nobody else is told an amount), whether
 * our history is shorter than the window ("at least"), the latest paid month (ЕСП: the month it covers) and when the
 * next payment is due. Values that do not apply are left out.
 */
function coverageFacts(insurance: InsuranceStatus): Record<string, string | number> {
  const [missingPeriod] = insurance.owedPeriods;
  return {
    payerBasis: insurance.payerBasis ?? 'self',
    owedMonths: insurance.owedMonths,
    owedAtLeast: insurance.owedAtLeast ? 1 : 0,
    ...(insurance.owedAmountTiyn === null ? {} : { owedAmountTiyn: insurance.owedAmountTiyn }),
    ...(missingPeriod ? { missingPeriod } : {}),
    ...(insurance.lastPaidPeriod ? { paidPeriod: insurance.lastPaidPeriod } : {}),
    ...(insurance.nextPaymentDueOn ? { nextPaymentDueOn: insurance.nextPaymentDueOn } : {}),
  };
}

/**
 * The coverage message due today for a citizen, if any: 14 and 3 days before `coveredThrough`, and on the day after
 * it ("coverage ended"). The daily sweep asks this for every linked citizen. Each carries who pays and what is owed
 * ({@link coverageFacts}), so a self-payer reads "pay 4 months × 4,250 ₸ = 17,000 ₸", a state-paid person that the
 * state pays and the Fund can check, an employee that the employer's payment is missing, and an ЕСП payer the paid
 * month only. Nobody exempt under art. 28 p.7 is reminded: they need no payments.
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
  if (!end || insurance.payerBasis === 'exempt') return undefined;
  const daysLeft = toEpochDay(end) - toEpochDay(today);
  const facts = coverageFacts(insurance);
  if ((COVERAGE_REMINDER_DAYS as readonly number[]).includes(daysLeft)) {
    return {
      kind: 'coverage_ending',
      subject: citizenKey,
      date: end,
      variant: `days-${daysLeft}`,
      params: { coveredThrough: end, days: daysLeft, monthlyAmountTiyn: options.monthlyAmountTiyn, ...facts },
    };
  }
  if (today === addDays(end, 1) && insurance.lastPaidPeriod) {
    // Kept for the first text: the grace months (L+1 … L+grace), capped at 12 (art. 5 p.3). `owedMonths` is exact.
    const missed = Math.max(1, Math.min(options.restoreMaxMonths, insurance.graceMonths ?? 1));
    return {
      kind: 'coverage_ended',
      subject: citizenKey,
      date: end,
      params: { coveredThrough: end, restoreMonths: missed, monthlyAmountTiyn: options.monthlyAmountTiyn, ...facts },
    };
  }
  return undefined;
}

/**
 * "Welcome back": a payment gave back the right that had lapsed — the grace was over (`lapsed`) or owed months blocked
 * it (`arrears`) — and now nothing inside the window is owed (art. 5 p.3). Whether the arrears arrived one by one or
 * in one batch, only the payment that completes them turns the status into insured. Not for a conditionally insured
 * person — they never lost care —, not for a first payment (nothing was lost), and not for an ЕСП payer paying the
 * next month (`paid_month_ended`: not behind).
 */
export function coverageRestored(options: {
  citizenKey: string;
  before: InsuranceStatus;
  after: InsuranceStatus;
}): NotificationIntent | undefined {
  const { before, after } = options;
  const lost = before.status === 'not_insured' && (before.reason === 'lapsed' || before.reason === 'arrears');
  if (!lost || after.status !== 'insured' || !after.coveredThrough) return undefined;
  return {
    kind: 'coverage_restored',
    subject: options.citizenKey,
    date: after.coveredThrough,
    params: { coveredThrough: after.coveredThrough, payerBasis: after.payerBasis ?? 'self' },
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
