import { InlineKeyboard, Keyboard } from 'grammy';
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

/** `/payments`: the last 12 months, newest first — who paid, how much, the gaps. */
export function paymentsText(language: Language, months: readonly MonthContributions[]): string {
  const lines = [t(language, 'payments-header')];
  for (const entry of [...months].reverse()) {
    const month = formatMonth(language, entry.period);
    if (entry.state === 'paid') {
      const payers = [...new Set(entry.payments.map((p) => t(language, PAYER_KEYS[p.payerType])))].join(', ');
      lines.push(t(language, 'payments-month-paid', { month, amount: formatMoney(language, entry.totalTiyn), payers }));
    } else if (entry.state === 'under_review') lines.push(t(language, 'payments-month-under-review', { month }));
    else if (entry.state === 'missing') lines.push(t(language, 'payments-month-missing', { month }));
    else lines.push(t(language, 'payments-month-not-due', { month }));
    if (entry.rejected > 0) lines.push(t(language, 'payments-month-rejected', { count: entry.rejected }));
  }
  return lines.join('\n');
}

/** The deadline line of `/case`: the countdown before the last day, "today is the last day" on it, "passed" after. */
function deadlineLine(language: Language, status: CaseStatus): string | undefined {
  const window = status.documentsWindow;
  const deadline = status.documentsDeadline;
  if (!window || !deadline) return undefined;
  const date = formatDate(language, deadline);
  switch (status.deadlinePhase) {
    case 'last_day':
      return t(language, 'case-deadline-today', { deadline: date });
    case 'passed':
      return t(language, 'case-deadline-passed', { deadline: date });
    default:
      return t(language, 'case-countdown', {
        deadline: date,
        workingDaysLeft: window.leftWorkingDays,
        progress: progressBar(window.elapsedWorkingDays, window.totalWorkingDays),
      });
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
 * deadline text); otherwise the deadline (countdown, "today is the last day" or "passed on …"), what happened to the
 * money, when the clinic must be paid, the next step with the papers it needs, and who to call.
 */
export function caseText(language: Language, status: CaseStatus): string {
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
  const deadline = deadlineLine(language, status);
  if (deadline) lines.push(deadline);
  lines.push(...moneyLines(language, status));
  if (status.transferDue)
    lines.push(t(language, 'case-transfer-due', { transferDue: formatDate(language, status.transferDue) }));
  lines.push(...stepLines(language, status));
  lines.push(t(language, 'case-contact'));
  return lines.join('\n');
}

export { statusText } from './status-screen';
