import { InlineKeyboard, Keyboard } from 'grammy';
import type { CitizenView } from '../../shared/adapters/store/read-model';
import { nextStep } from '../../shared/domain/case-guidance';
import type { PayerType } from '../../shared/domain/events';
import type { MonthContributions } from '../../shared/domain/insurance';
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
  togglePension: 'reminders:pension',
  toggleCoverage: 'reminders:coverage',
} as const;

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
    .text(t(language, 'button-reminder-pension', { state: state(reminders.pension) }), CALLBACK.togglePension)
    .row()
    .text(t(language, 'button-reminder-coverage', { state: state(reminders.coverage) }), CALLBACK.toggleCoverage)
    .row()
    .text(t(language, 'button-menu'), CALLBACK.menu);
}

export function forgetKeyboard(language: Language): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(language, 'button-forget-confirm'), CALLBACK.forgetConfirm)
    .text(t(language, 'button-cancel'), CALLBACK.forgetCancel);
}

/** `/status`: the forecast status, its end date, what it means, and that the Fund's answer is authoritative. */
export function statusText(language: Language, view: CitizenView): string {
  const { insurance } = view;
  const date = (value: string | null) => formatDate(language, value ?? '');
  let body: string;
  if (!insurance.coveredThrough) body = t(language, 'status-no-payments');
  else if (insurance.status === 'insured') {
    body = t(language, 'status-insured', {
      coveredThrough: date(insurance.coveredThrough),
      nextPaymentDue: date(insurance.nextPaymentDueOn),
    });
  } else if (insurance.status === 'conditionally_insured') {
    body = t(language, 'status-conditionally-insured', { coveredThrough: date(insurance.coveredThrough) });
  } else body = t(language, 'status-not-insured', { coveredThrough: date(insurance.coveredThrough) });
  return `${body}\n\n${t(language, 'forecast-note')}`;
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
    } else if (entry.state === 'missing') lines.push(t(language, 'payments-month-missing', { month }));
    else lines.push(t(language, 'payments-month-not-due', { month }));
    if (entry.rejected > 0) lines.push(t(language, 'payments-month-rejected', { count: entry.rejected }));
  }
  return lines.join('\n');
}

/** `/case`: state, amount, the 45-working-day countdown with its bar, what is due, the next step and who to call. */
export function caseText(language: Language, status: CaseStatus): string {
  const lines = [
    t(language, 'case-header', {
      caseId: status.caseId,
      amount: formatMoney(language, status.amountTiyn ?? 0),
      state: status.state,
    }),
  ];
  const window = status.documentsWindow;
  if (window && status.documentsDeadline) {
    lines.push(
      t(language, 'case-countdown', {
        deadline: formatDate(language, status.documentsDeadline),
        workingDaysLeft: window.leftWorkingDays,
        progress: progressBar(window.elapsedWorkingDays, window.totalWorkingDays),
      }),
    );
  }
  if (status.transferDue)
    lines.push(t(language, 'case-transfer-due', { transferDue: formatDate(language, status.transferDue) }));
  lines.push(t(language, 'case-next-step', { step: nextStep(status) }));
  lines.push(t(language, 'case-contact'));
  return lines.join('\n');
}
