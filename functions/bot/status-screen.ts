import type { CitizenView } from '../../shared/app/views';
import { formatPeriod, periodIndex } from '../../shared/domain/dates';
import type { InsuranceStatus } from '../../shared/domain/insurance';
import { formatDate, formatMoney, formatMonth, type Language } from '../../shared/messages/format';
import { type MessageKey, type MessageParams, renderMessage } from '../../shared/messages/render';

type Paragraph = [MessageKey, MessageParams?];

/** The arrears a self-payer owes, as the texts say them: "N months × X = Y" (art. 5 p.3; shared/domain/arrears.ts). */
function owedSelf(language: Language, insurance: InsuranceStatus): MessageParams | undefined {
  const total = insurance.owedAmountTiyn;
  if (total === null || insurance.owedMonths === 0) return undefined;
  return {
    months: insurance.owedMonths,
    monthly: formatMoney(language, Math.round(total / insurance.owedMonths)),
    total: formatMoney(language, total),
    atLeast: insurance.owedAtLeast ? 1 : 0,
  };
}

/** ЕСП: the paid month is covered, the next month's payment is due by its date (art. 5 p.2-1). */
function singleAggregate(language: Language, insurance: InsuranceStatus): MessageParams {
  const last = insurance.lastPaidPeriod ?? '';
  return {
    coveredThrough: formatDate(language, insurance.coveredThrough ?? ''),
    month: formatMonth(language, last),
    nextMonth: formatMonth(language, last ? formatPeriod(periodIndex(last) + 1) : ''),
    nextPaymentDue: formatDate(language, insurance.nextPaymentDueOn ?? ''),
  };
}

/** The status line: who pays decides what we say; state-paid, employees and exempt people are never told to pay. */
function statusParagraph(language: Language, insurance: InsuranceStatus): Paragraph {
  const date = (value: string | null) => formatDate(language, value ?? '');
  if (insurance.reason === 'exempt') {
    return insurance.coveredThrough
      ? ['status-exempt-until', { coveredThrough: date(insurance.coveredThrough) }]
      : ['status-exempt'];
  }
  if (!insurance.coveredThrough) return ['status-no-payments'];
  if (insurance.payerBasis === 'single_aggregate' && insurance.lastPaidPeriod && insurance.nextPaymentDueOn) {
    if (insurance.status === 'insured') return ['status-single-aggregate', singleAggregate(language, insurance)];
    if (insurance.reason === 'paid_month_ended') {
      return ['coverage-ended-single-aggregate', singleAggregate(language, insurance)];
    }
  }
  const coveredThrough = date(insurance.coveredThrough);
  if (insurance.status === 'insured') {
    return ['status-insured', { coveredThrough, nextPaymentDue: date(insurance.nextPaymentDueOn) }];
  }
  if (insurance.status === 'conditionally_insured') return ['status-conditionally-insured', { coveredThrough }];
  const first = insurance.owedPeriods[0];
  if (insurance.payerBasis === 'state' && first) {
    return ['coverage-ended-state', { coveredThrough, month: formatMonth(language, first) }];
  }
  if (insurance.payerBasis === 'employer' && first) {
    return ['coverage-ended-employer', { coveredThrough, month: formatMonth(language, first) }];
  }
  const owed = owedSelf(language, insurance);
  if (owed && (insurance.payerBasis === 'self' || insurance.payerBasis === 'single_aggregate')) {
    return ['coverage-ended-self', { coveredThrough, ...owed }];
  }
  return ['status-not-insured', { coveredThrough }];
}

/** While conditionally insured: what is owed, and by whom. */
function owedParagraph(language: Language, insurance: InsuranceStatus): Paragraph | undefined {
  const first = insurance.owedPeriods[0];
  if (insurance.status !== 'conditionally_insured' || !first) return undefined;
  if (insurance.payerBasis === 'state') return ['status-owed-state', { month: formatMonth(language, first) }];
  if (insurance.payerBasis === 'employer') return ['status-owed-employer', { month: formatMonth(language, first) }];
  const owed = owedSelf(language, insurance);
  return owed ? ['status-owed-self', owed] : undefined;
}

/**
 * `/status`: the status by who pays (issue 13 items 1–3), what is owed while the right still runs, the art. 5 p.3-1
 * note where it applies, and always that this is our forecast and the Fund's answer (1406) is the authority.
 */
export function statusText(language: Language, view: CitizenView): string {
  const { insurance } = view;
  const paragraphs: Paragraph[] = [statusParagraph(language, insurance)];
  const owed = owedParagraph(language, insurance);
  if (owed) paragraphs.push(owed);
  const consecutive = insurance.consecutiveMonths;
  if (consecutive && insurance.status !== 'not_insured') {
    paragraphs.push(['status-consecutive-months', { required: consecutive.required, paid: consecutive.paid }]);
  }
  // The ЕСП messages carry the forecast note themselves (they are pushes too): it is not said twice.
  if (paragraphs[0]?.[0] !== 'coverage-ended-single-aggregate') paragraphs.push(['forecast-note']);
  return paragraphs.map(([key, params]) => renderMessage(language, key, params ?? {})).join('\n\n');
}
