import type { NotificationKind, NotificationParams } from '../contracts/internal';
import { addMonths } from '../domain/dates';
import { formatDate, formatMoney, formatMonth, type Language, progressBar } from './format';
import { type MessageKey, type MessageParams, renderMessage } from './render';

export { isNotificationKind } from '../contracts/internal';

/** How one kind's raw values (ISO dates, tiyn) become its Fluent message's variables, in the reader's language. */
type Text<K extends NotificationKind> = {
  key: MessageKey;
  params: (l: Language, p: NotificationParams[K]) => MessageParams;
};

type CoverageFacts = Partial<NotificationParams['coverage_ended'] & NotificationParams['coverage_ending']>;

/** Who pays and what is owed, for the coverage messages: only the values the notification carries. */
function coverageVariables(l: Language, p: CoverageFacts): MessageParams {
  const variables: MessageParams = {};
  if (p.payerBasis !== undefined) variables.payerBasis = p.payerBasis;
  if (p.owedMonths !== undefined) variables.owedMonths = p.owedMonths;
  if (p.owedAtLeast !== undefined) variables.owedAtLeast = p.owedAtLeast;
  if (p.owedAmountTiyn !== undefined) variables.owedAmount = formatMoney(l, p.owedAmountTiyn);
  if (p.missingPeriod !== undefined) variables.missingPeriod = formatMonth(l, p.missingPeriod);
  if (p.paidPeriod !== undefined) variables.paidPeriod = formatMonth(l, p.paidPeriod);
  if (p.nextPaymentDueOn !== undefined) variables.nextPaymentDueOn = formatDate(l, p.nextPaymentDueOn);
  return variables;
}

/** Each notification kind: its Fluent message and its variables. The params are typed per kind: no defaults. */
const TEXTS: { [K in NotificationKind]: Text<K> } = {
  funds_credited: {
    key: 'funds-credited',
    params: (l, p) => ({
      amount: formatMoney(l, p.amountTiyn),
      creditedOn: formatDate(l, p.creditedOn),
      deadline: formatDate(l, p.deadline),
      workingDays: p.workingDays,
    }),
  },
  dkk_arrived: {
    key: 'dkk-arrived',
    params: (l, p) => ({ sessionDate: formatDate(l, p.sessionDate), stage: p.stage }),
  },
  documents_reminder: {
    key: 'documents-reminder',
    params: (l, p) => ({
      deadline: formatDate(l, p.deadline),
      // 0 on the deadline day itself: the text says "today is the last day", never "0 days left".
      workingDaysLeft: p.workingDaysLeft,
      progress: progressBar(p.elapsed, p.total),
      elapsed: Math.min(p.elapsed, p.total),
      total: p.total,
    }),
  },
  documents_received: {
    key: 'documents-received',
    params: (l, p) => ({ receivedOn: formatDate(l, p.receivedOn), deadline: formatDate(l, p.deadline) }),
  },
  deadline_passed: {
    key: 'deadline-passed',
    params: (l, p) => ({ deadline: formatDate(l, p.deadline), amount: formatMoney(l, p.amountTiyn) }),
  },
  money_returned: {
    key: 'money-returned',
    params: (l, p) => ({ returnedOn: formatDate(l, p.returnedOn), amount: formatMoney(l, p.amountTiyn) }),
  },
  documents_rejected: {
    key: 'documents-rejected',
    params: (l, p) => ({
      rejectedOn: formatDate(l, p.rejectedOn),
      reason: renderMessage(l, 'case-rejection-reason', { reasonCode: p.reasonCode }),
      stage: p.stage,
    }),
  },
  remainder_returned: {
    key: 'remainder-returned',
    params: (l, p) => ({
      paid: formatMoney(l, p.paidTiyn),
      remainder: formatMoney(l, p.remainderTiyn),
      returnedOn: formatDate(l, p.returnedOn),
    }),
  },
  paid_to_clinic: {
    key: 'paid-to-clinic',
    params: (l, p) => ({
      transferredOn: formatDate(l, p.transferredOn),
      amount: formatMoney(l, p.amountTiyn),
      stage: p.stage,
      nextStep: p.nextStep,
    }),
  },
  transfer_overdue: {
    key: 'transfer-overdue',
    params: (l, p) => ({ submittedOn: formatDate(l, p.submittedOn), transferDue: formatDate(l, p.transferDue) }),
  },
  coverage_ending: {
    key: 'coverage-ending',
    params: (l, p) => ({
      ...coverageVariables(l, p),
      coveredThrough: formatDate(l, p.coveredThrough),
      days: p.days,
      monthlyAmount: formatMoney(l, p.monthlyAmountTiyn),
    }),
  },
  coverage_ended: {
    key: 'coverage-ended',
    params: (l, p) => ({
      ...coverageVariables(l, p),
      coveredThrough: formatDate(l, p.coveredThrough),
      restoreMonths: p.restoreMonths,
      monthlyAmount: formatMoney(l, p.monthlyAmountTiyn),
    }),
  },
  coverage_restored: {
    key: 'coverage-restored',
    params: (l, p) => ({ ...coverageVariables(l, p), coveredThrough: formatDate(l, p.coveredThrough) }),
  },
  return_withdrawn: {
    key: 'return-withdrawn',
    params: (l, p) => ({ deadline: formatDate(l, p.deadline), amount: formatMoney(l, p.amountTiyn) }),
  },
  unlinked_phone_changed: { key: 'unlinked-phone-changed', params: () => ({}) },
};

/** The text a citizen reads for a notification of one kind, in their language. */
export function notificationText<K extends NotificationKind>(
  language: Language,
  kind: K,
  params: NotificationParams[K],
): string {
  // Coverage texts depend on who pays: self-payers get the arrears to pay, state-paid and employees never an amount.
  if (kind === 'coverage_ending' || kind === 'coverage_ended') {
    const byPayer = coverageNoticeText(
      language,
      kind,
      params as NotificationParams['coverage_ending' | 'coverage_ended'],
    );
    if (byPayer !== undefined) return byPayer;
  }
  const text: Text<K> = TEXTS[kind];
  return renderMessage(language, text.key, text.params(language, params));
}

// ── insurance (helper): the coverage texts by who pays (issue 13 items 1–3) ─────────────────────────────────────────

const COVERAGE_KEYS = {
  coverage_ending: {
    self: 'coverage-ending-self',
    employer: 'coverage-ending-employer',
    state: 'coverage-ending-state',
    single_aggregate: 'coverage-ending-single-aggregate',
  },
  coverage_ended: {
    self: 'coverage-ended-self',
    employer: 'coverage-ended-employer',
    state: 'coverage-ended-state',
    single_aggregate: 'coverage-ended-single-aggregate',
  },
} as const satisfies Record<string, Record<string, MessageKey>>;
type CoverageBasis = keyof (typeof COVERAGE_KEYS)['coverage_ending'];

/**
 * The coverage notice that fits who pays: a self-payer reads the owed months and what they cost ("4 × 4 250 ₸ =
 * 17 000 ₸", "at least" where our history is short), an employee which month the employer's payment is missing, a
 * state-paid person that the state pays and the Fund (1406) can check why it stopped — never an amount —, and an ЕСП
 * payer the paid month only and the next month to pay. Undefined when the values do not say enough (a message made
 * before payer bases existed): the caller falls back to the kind's first text.
 */
export function coverageNoticeText<K extends 'coverage_ending' | 'coverage_ended'>(
  language: Language,
  kind: K,
  p: NotificationParams[K],
): string | undefined {
  const days: MessageParams = 'days' in p ? { days: p.days } : {};
  const keys: Record<CoverageBasis, MessageKey> = COVERAGE_KEYS[kind];
  const text = (basis: CoverageBasis, params: MessageParams) => renderMessage(language, keys[basis], params);
  const coveredThrough = formatDate(language, p.coveredThrough);
  const { payerBasis, missingPeriod, paidPeriod, nextPaymentDueOn, owedAmountTiyn, owedMonths } = p;
  if (payerBasis === 'single_aggregate' && paidPeriod !== undefined && nextPaymentDueOn !== undefined) {
    return text('single_aggregate', {
      coveredThrough,
      month: formatMonth(language, paidPeriod),
      nextMonth: formatMonth(language, addMonths(paidPeriod, 1)),
      nextPaymentDue: formatDate(language, nextPaymentDueOn),
    });
  }
  if ((payerBasis === 'employer' || payerBasis === 'state') && missingPeriod !== undefined) {
    return text(payerBasis, { ...days, coveredThrough, month: formatMonth(language, missingPeriod) });
  }
  if (payerBasis !== 'self' || owedAmountTiyn === undefined || !owedMonths) return undefined;
  return text('self', {
    ...days,
    coveredThrough,
    months: owedMonths,
    monthly: formatMoney(language, p.monthlyAmountTiyn),
    total: formatMoney(language, owedAmountTiyn),
    ...(kind === 'coverage_ended' ? { atLeast: p.owedAtLeast ?? 0 } : {}),
  });
}
