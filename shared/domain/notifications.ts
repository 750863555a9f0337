import type { CaseChangeKind } from './changes';
import { addDays, type Instant, type IsoDate, kazakhstanDate, kazakhstanInstant, toKazakhstanTime } from './dates';
import type { CaseStatus } from './pension-case';

/** Every kind of message a citizen can receive unasked (issue 4). */
export type NotificationKind =
  | 'funds_credited'
  | 'dkk_arrived'
  | 'documents_received'
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
  documents_received: 'pension',
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

/** The credit with its documents deadline and window; past the deadline the trigger says "deadline passed" instead. */
function fundsCredited(status: CaseStatus): NotificationIntent[] {
  // A credit event that arrives after the deadline gets only the "deadline passed" message (from the trigger), not a
  // countdown that already ran out.
  if (!status.creditedOn || !status.documentsDeadline || !status.documentsWindow || status.returnToFundDue) return [];
  return [
    {
      kind: 'funds_credited',
      subject: status.caseId,
      date: status.creditedOn,
      params: {
        amountTiyn: status.amountTiyn ?? 0,
        creditedOn: status.creditedOn,
        deadline: status.documentsDeadline,
        workingDays: status.documentsWindow.totalWorkingDays,
      },
    },
  ];
}

/**
 * Every conclusion of the case: the ones already announced have the same notification ids and are dropped by the
 * ledger, so the order in which conclusions arrive does not matter.
 */
function dkkArrived(status: CaseStatus): NotificationIntent[] {
  return status.dkk.map((dkk) => ({
    kind: 'dkk_arrived',
    subject: status.caseId,
    date: dkk.sessionDate,
    variant: dkk.conclusionId,
    params: { sessionDate: dkk.sessionDate, stage: dkk.stage },
  }));
}

/**
 * "Documents received — your money is safe from return" (issue 14 item 10): only while `documentsReceived` vouches
 * for it (standing stage-1 documents dated by the deadline, nothing under review, no order possibly out). Keyed by the
 * documents' date: a resent event says nothing twice; documents handed in again after a rejection are news again.
 */
function documentsReceived(status: CaseStatus): NotificationIntent[] {
  const received = status.documentsReceived;
  if (!received) return [];
  return [
    {
      kind: 'documents_received',
      subject: status.caseId,
      date: received.receivedOn,
      ...(received.afterRejections > 0 ? { variant: `after-${received.afterRejections}-rejections` } : {}),
      params: { receivedOn: received.receivedOn, deadline: received.deadline },
    },
  ];
}

/** The latest transfer to the clinic, one per stage, saying whether a second stage follows. */
function paidToClinic(status: CaseStatus): NotificationIntent[] {
  const transfer = status.lastTransfer;
  if (!transfer) return [];
  return [
    {
      kind: 'paid_to_clinic',
      subject: status.caseId,
      date: transfer.transferredOn,
      variant: `stage-${transfer.stage}`,
      params: {
        transferredOn: transfer.transferredOn,
        amountTiyn: transfer.amountTiyn,
        stage: transfer.stage,
        nextStep: status.twoStage && transfer.stage === 1 ? 'stage-two' : 'none',
      },
    },
  ];
}

function moneyReturned(status: CaseStatus): NotificationIntent[] {
  const returned = status.returned;
  if (!returned) return [];
  return [
    {
      kind: 'money_returned',
      subject: status.caseId,
      date: returned.returnedOn,
      params: { returnedOn: returned.returnedOn, amountTiyn: returned.amountTiyn },
    },
  ];
}

/** Why the documents were rejected (one per stage and date). */
function documentsRejected(status: CaseStatus): NotificationIntent[] {
  const rejection = status.documentsRejected;
  if (!rejection) return [];
  return [
    {
      kind: 'documents_rejected',
      subject: status.caseId,
      date: rejection.rejectedOn,
      variant: `stage-${rejection.stage}`,
      params: { rejectedOn: rejection.rejectedOn, reasonCode: rejection.reasonCode, stage: rejection.stage },
    },
  ];
}

/** "Paid to the clinic X, remainder Y returned". */
function remainderReturned(status: CaseStatus): NotificationIntent[] {
  const returned = status.returned;
  if (returned?.kind !== 'remainder') return [];
  return [
    {
      kind: 'remainder_returned',
      subject: status.caseId,
      date: returned.returnedOn,
      params: {
        returnedOn: returned.returnedOn,
        paidTiyn: status.paidToClinicTiyn,
        remainderTiyn: returned.amountTiyn,
      },
    },
  ];
}

/** Which change announces what, in the order the messages are sent. */
const ANNOUNCED: readonly (readonly [CaseChangeKind, (status: CaseStatus) => NotificationIntent[]])[] = [
  ['deadline_set', fundsCredited],
  ['dkk_arrived', dkkArrived],
  ['documents_received', documentsReceived],
  ['transfer_completed', paidToClinic],
  ['money_returned', moneyReturned],
  ['documents_rejected', documentsRejected],
  ['remainder_returned', remainderReturned],
];

/** What a citizen is told when ingest reports a change of their case. */
export function caseChangeNotifications(changes: readonly CaseChangeKind[], status: CaseStatus): NotificationIntent[] {
  return ANNOUNCED.flatMap(([change, announce]) => (changes.includes(change) ? announce(status) : []));
}

/**
 * The documents reminder for a case, if it is still waiting for documents with that many working days left. The one on
 * the deadline day (0 left: "today is the last day") is said only on that day and never under review, where `/case`
 * says "being checked" instead of any deadline text; the earlier ones follow the earliest deadline under a conflict
 * (early, never late).
 */
export function documentsReminder(status: CaseStatus, workingDaysLeft: number): NotificationIntent | undefined {
  const planned = status.reminders.find((reminder) => reminder.workingDaysLeft === workingDaysLeft);
  if (!planned || !status.documentsDeadline || !status.documentsWindow) return undefined;
  if (workingDaysLeft === 0 && (status.underReview || status.deadlinePhase !== 'last_day')) return undefined;
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

/**
 * Kinds that are only true when made and that nobody re-checks at 09:00: a documents reminder speaks of today ("N
 * working days left", "today is the last day"), and "documents received — the money stays" may be undone overnight by
 * a rejection or a conflict. They are dropped in quiet hours, never held (`/case` always shows the current state).
 */
export const NOT_HELD_OVER_QUIET_HOURS: ReadonlySet<string> = new Set<NotificationKind>([
  'documents_reminder',
  'documents_received',
]);

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
