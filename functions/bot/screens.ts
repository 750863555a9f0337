import { InlineKeyboard, Keyboard } from 'grammy';
import { forecastAfterYear } from '../../shared/domain/calendar/forecast';
import type { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import { documentsToHandIn, nextStep } from '../../shared/domain/case-guidance';
import type { PayerType } from '../../shared/domain/events';
import type { MonthContributions } from '../../shared/domain/insurance';
import type { ReminderTopic } from '../../shared/domain/notifications';
import type { CaseStatus } from '../../shared/domain/pension-case';
import { formatDate, formatMoney, formatMonth, type Language, progressBar } from '../../shared/messages/format';
import { type MessageKey, renderMessage } from '../../shared/messages/render';

/** Everything the bot says, built from the Fluent files that notifications use too. */
export const t = (language: Language, key: MessageKey, params: Record<string, string | number> = {}) =>
  renderMessage(language, key, params);

export const CALLBACK = {
  agree: 'consent:agree',
  kazakh: 'lang:kk',
  russian: 'lang:ru',
  status: 'menu:status',
  payments: 'menu:payments',
  case: 'menu:case',
  reminders: 'menu:reminders',
  language: 'menu:language',
  help: 'menu:help',
  menu: 'menu:main',
  forgetConfirm: 'forget:confirm',
  forgetCancel: 'forget:cancel',
} as const;

/**
 * A reminder switch's button carries the value it sets, not "flip": a press Telegram delivers twice sets the same
 * value twice (issue 12).
 */
export const reminderCallback = (topic: ReminderTopic, on: boolean) => `reminders:${topic}:${on ? 'on' : 'off'}`;
export const REMINDER_CALLBACK = /^reminders:(pension|coverage):(on|off)$/;

export function languageKeyboard(language: Language): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(language, 'button-kazakh'), CALLBACK.kazakh)
    .text(t(language, 'button-russian'), CALLBACK.russian);
}

export function consentKeyboard(language: Language): InlineKeyboard {
  return languageKeyboard(language).row().text(t(language, 'button-agree'), CALLBACK.agree);
}

export function contactKeyboard(language: Language): Keyboard {
  return new Keyboard().requestContact(t(language, 'button-share-contact')).resized().oneTime();
}

export function mainMenu(language: Language): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(language, 'button-status'), CALLBACK.status)
    .text(t(language, 'button-payments'), CALLBACK.payments)
    .row()
    .text(t(language, 'button-case'), CALLBACK.case)
    .text(t(language, 'button-reminders'), CALLBACK.reminders)
    .row()
    .text(t(language, 'button-language'), CALLBACK.language)
    .text(t(language, 'button-help'), CALLBACK.help);
}

export function remindersKeyboard(
  language: Language,
  reminders: { pension: boolean; coverage: boolean },
): InlineKeyboard {
  const state = (on: boolean) => (on ? 'on' : 'off');
  return new InlineKeyboard()
    .text(
      t(language, 'button-reminder-pension', { state: state(reminders.pension) }),
      reminderCallback('pension', !reminders.pension),
    )
    .row()
    .text(
      t(language, 'button-reminder-coverage', { state: state(reminders.coverage) }),
      reminderCallback('coverage', !reminders.coverage),
    )
    .row()
    .text(t(language, 'button-menu'), CALLBACK.menu);
}

export function forgetKeyboard(language: Language): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(language, 'button-forget-confirm'), CALLBACK.forgetConfirm)
    .text(t(language, 'button-cancel'), CALLBACK.forgetCancel);
}

const PAYER_KEYS: Record<PayerType, MessageKey> = {
  employer: 'payer-employer',
  employee: 'payer-employee',
  individual_entrepreneur: 'payer-individual-entrepreneur',
  self_paid: 'payer-self-paid',
  single_aggregate: 'payer-single-aggregate',
  platform: 'payer-platform',
  state: 'payer-state',
};

/** Rejected payments listed one by one up to this many per month; the rest are counted. */
const REJECTED_SHOWN = 3;

/**
 * A month's line: ✅ received (amount, who paid), 🔎 being checked, ❌ missing after its due date, ⏳ not due yet,
 * ✅ exempt (nothing owed).
 */
function monthLine(language: Language, entry: MonthContributions): string {
  const month = formatMonth(language, entry.period);
  const dueOn = formatDate(language, entry.dueOn);
  switch (entry.state) {
    case 'paid': {
      const payers = [...new Set(entry.payments.map((p) => t(language, PAYER_KEYS[p.payerType])))].join(', ');
      return t(language, 'payments-month-paid', { month, amount: formatMoney(language, entry.totalTiyn), payers });
    }
    case 'under_review':
      return t(language, 'payments-month-under-review', { month });
    case 'missing':
      return t(language, 'payments-month-missing', { month, dueOn });
    case 'exempt':
      return t(language, 'payments-month-exempt', { month });
    default:
      return t(language, 'payments-month-not-due', { month, dueOn });
  }
}

/** Each rejected payment: who sent it, how much, why in words, and what to do about it (seed 004 payment flow). */
function rejectedLines(language: Language, entry: MonthContributions): string[] {
  const lines = entry.rejectedPayments.slice(0, REJECTED_SHOWN).map((payment) =>
    t(language, 'payments-month-rejected', {
      payer: t(language, PAYER_KEYS[payment.payerType]),
      payerType: payment.payerType,
      amount: formatMoney(language, payment.amountTiyn),
      cause: payment.cause,
    }),
  );
  const more = entry.rejectedPayments.length - REJECTED_SHOWN;
  if (more > 0) lines.push(t(language, 'payments-month-rejected-more', { count: more }));
  return lines;
}

/**
 * `/payments`: the last 12 months we hold data for, newest first. A month before the first one we know anything of
 * is left out (we cannot tell), and the screen says from which month our data begins.
 */
export function paymentsText(language: Language, months: readonly MonthContributions[]): string {
  const known = months.filter((entry) => !entry.beforeData);
  const first = known[0];
  if (!first) return t(language, 'payments-no-data');
  const lines = [t(language, 'payments-header')];
  for (const entry of [...known].reverse()) lines.push(monthLine(language, entry), ...rejectedLines(language, entry));
  if (known.length < months.length) {
    lines.push('', t(language, 'payments-data-from', { month: formatMonth(language, first.period) }));
  }
  return lines.join('\n');
}

/** The deadline lines of `/case`: the countdown before the last day, "today is the last day" on it, "passed" after. */
function deadlineLines(language: Language, status: CaseStatus): string[] {
  const window = status.documentsWindow;
  const deadline = status.documentsDeadline;
  if (!window || !deadline) return [];
  const date = formatDate(language, deadline);
  switch (status.deadlinePhase) {
    case 'last_day':
      return [t(language, 'case-deadline-today', { deadline: date })];
    case 'passed':
      return [t(language, 'case-deadline-passed', { deadline: date })];
    default:
      return [
        t(language, 'case-countdown', {
          deadline: date,
          workingDaysLeft: window.leftWorkingDays,
          progress: progressBar(window.elapsedWorkingDays, window.totalWorkingDays),
          elapsed: window.elapsedWorkingDays,
          total: window.totalWorkingDays,
        }),
        t(language, 'case-working-days-note'),
      ];
  }
}

/** What happened to the money besides the countdown: a new credit, rejected documents, the remainder returned. */
function moneyLines(language: Language, status: CaseStatus): string[] {
  const lines: string[] = [];
  if (status.windows.length > 1 && status.creditedOn && !status.returned) {
    lines.push(t(language, 'case-credited-again', { creditedOn: formatDate(language, status.creditedOn) }));
  }
  const rejection = status.documentsRejected;
  if (rejection) {
    const reason = t(language, 'case-rejection-reason', { reasonCode: rejection.reasonCode });
    const rejectedOn = formatDate(language, rejection.rejectedOn);
    lines.push(t(language, 'case-documents-rejected', { rejectedOn, reason, stage: rejection.stage }));
  }
  const returned = status.returned;
  if (returned?.kind === 'remainder' && status.paidToClinicTiyn > 0) {
    lines.push(
      t(language, 'case-paid-remainder', {
        paid: formatMoney(language, status.paidToClinicTiyn),
        remainder: formatMoney(language, returned.amountTiyn),
        returnedOn: formatDate(language, returned.returnedOn),
      }),
    );
  }
  if (returned && returned.exchangeDifferenceTiyn !== null) {
    lines.push(
      t(language, 'case-exchange-difference', { difference: formatMoney(language, returned.exchangeDifferenceTiyn) }),
    );
  }
  return lines;
}

/** The next step and, when something is to be handed in, exactly which papers (seed 000 §9, §20, §22, §22-1). */
function stepLines(language: Language, status: CaseStatus): string[] {
  const step = nextStep(status);
  const lines = [t(language, 'case-next-step', { step })];
  const documents = documentsToHandIn(status);
  if (documents.length > 0) {
    lines.push(t(language, 'case-documents-header', { step }));
    for (const document of documents) lines.push(t(language, 'case-document', { document }));
  }
  return lines;
}

/**
 * `/case`: state and amount; then, while a fact of the case is in conflict, only "being checked" (it beats every
 * deadline text); otherwise the deadline (countdown with "N of 45 working days" and how they are counted, "today is
 * the last day" or "passed on …"), what happened to the money, when the clinic must be paid, the next step with the
 * papers it needs, a warning when a date shown lies in a year whose calendar is only the legal forecast, and who to
 * call.
 */
export function caseText(language: Language, status: CaseStatus, calendar?: WorkingCalendar): string {
  const lines = [
    t(language, 'case-header', {
      caseId: status.caseId,
      amount: formatMoney(language, status.amountTiyn ?? 0),
      state: status.state,
    }),
  ];
  if (status.underReview) {
    lines.push(t(language, 'case-under-review'));
    return lines.join('\n');
  }
  lines.push(...deadlineLines(language, status), ...moneyLines(language, status));
  if (status.transferDue)
    lines.push(t(language, 'case-transfer-due', { transferDue: formatDate(language, status.transferDue) }));
  lines.push(...stepLines(language, status));
  const year = calendar && forecastAfterYear(calendar, [status.documentsDeadline, status.transferDue]);
  // A string, not a number: Fluent would group a number's digits («2 026»).
  if (year !== undefined) lines.push(t(language, 'case-calendar-forecast', { year: String(year) }));
  lines.push(t(language, 'case-contact'));
  return lines.join('\n');
}

export { statusText } from './status-screen';
