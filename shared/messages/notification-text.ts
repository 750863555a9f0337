import type { NotificationKind } from '../domain/notifications';
import { formatDate, formatMoney, type Language, progressBar } from './format';
import { type MessageKey, type MessageParams, renderMessage } from './render';

type RawParams = Record<string, string | number>;

const date = (language: Language, value: string | number | undefined) => formatDate(language, String(value ?? ''));
const money = (language: Language, value: string | number | undefined) => formatMoney(language, Number(value ?? 0));
const count = (value: string | number | undefined) => Number(value ?? 0);

/** Each notification kind: its Fluent message and how its raw values (ISO dates, tiyn) become the message's variables. */
const TEXTS: Record<NotificationKind, { key: MessageKey; params: (l: Language, p: RawParams) => MessageParams }> = {
  funds_credited: {
    key: 'funds-credited',
    params: (l, p) => ({
      amount: money(l, p.amountTiyn),
      creditedOn: date(l, p.creditedOn),
      deadline: date(l, p.deadline),
      workingDays: count(p.workingDays),
    }),
  },
  dkk_arrived: {
    key: 'dkk-arrived',
    params: (l, p) => ({ sessionDate: date(l, p.sessionDate), stage: count(p.stage) }),
  },
  documents_reminder: {
    key: 'documents-reminder',
    params: (l, p) => ({
      deadline: date(l, p.deadline),
      workingDaysLeft: count(p.workingDaysLeft),
      progress: progressBar(count(p.elapsed), count(p.total)),
    }),
  },
  deadline_passed: {
    key: 'deadline-passed',
    params: (l, p) => ({ deadline: date(l, p.deadline), amount: money(l, p.amountTiyn) }),
  },
  money_returned: {
    key: 'money-returned',
    params: (l, p) => ({ returnedOn: date(l, p.returnedOn), amount: money(l, p.amountTiyn) }),
  },
  paid_to_clinic: {
    key: 'paid-to-clinic',
    params: (l, p) => ({
      transferredOn: date(l, p.transferredOn),
      amount: money(l, p.amountTiyn),
      stage: count(p.stage),
      nextStep: String(p.nextStep ?? 'none'),
    }),
  },
  transfer_overdue: {
    key: 'transfer-overdue',
    params: (l, p) => ({ submittedOn: date(l, p.submittedOn), transferDue: date(l, p.transferDue) }),
  },
  coverage_ending: {
    key: 'coverage-ending',
    params: (l, p) => ({
      coveredThrough: date(l, p.coveredThrough),
      days: count(p.days),
      monthlyAmount: money(l, p.monthlyAmountTiyn),
    }),
  },
  coverage_ended: {
    key: 'coverage-ended',
    params: (l, p) => ({
      coveredThrough: date(l, p.coveredThrough),
      restoreMonths: count(p.restoreMonths),
      monthlyAmount: money(l, p.monthlyAmountTiyn),
    }),
  },
  coverage_restored: { key: 'coverage-restored', params: (l, p) => ({ coveredThrough: date(l, p.coveredThrough) }) },
};

export function isNotificationKind(kind: string): kind is NotificationKind {
  return kind in TEXTS;
}

/** The text a citizen reads for a notification, in their language. */
export function notificationText(language: Language, kind: NotificationKind, params: RawParams): string {
  const text = TEXTS[kind];
  return renderMessage(language, text.key, text.params(language, params));
}
