import {
  dayOfPeriod,
  formatPeriod,
  type Instant,
  type IsoDate,
  kazakhstanDate,
  lastDayOfPeriod,
  type Period,
  periodIndex,
  periodOfDate,
} from './dates';
import type { ExemptionData, PaymentData } from './events';
import { insuranceRulesOn } from './rules/insurance-rules';

/**
 * `under_review`: a payment for the month is in conflict (never shown as missing while an operator checks it).
 * `exempt`: an art. 28 p.7 exemption covers the month and nothing was paid: no contribution is owed for it.
 */
export type MonthState = 'paid' | 'missing' | 'not_due_yet' | 'under_review' | 'exempt';

/** Why a payment was rejected, read from its free-text reason (seed 004: IIN, name or amount; else `other`). */
export type RejectionCause = 'iin' | 'name' | 'amount' | 'other';

const REJECTION_WORDS: readonly [RejectionCause, RegExp][] = [
  ['name', /name|фио|имя|фамил|аты/iu],
  ['amount', /amount|sum\b|сумм|сома/iu],
  ['iin', /iin|иин|жсн/iu],
];

export function rejectionCause(reason: string | undefined): RejectionCause {
  return REJECTION_WORDS.find(([, words]) => words.test(reason ?? ''))?.[0] ?? 'other';
}

export interface MonthContributions {
  period: Period;
  state: MonthState;
  /** The payment for this period is due by this day. */
  dueOn: IsoDate;
  totalTiyn: number;
  payments: Pick<PaymentData, 'payerType' | 'kind' | 'amountTiyn' | 'paidOn' | 'category'>[];
  /** Payments the State Corporation rejected for this period: shown so the citizen knows to ask, never counted. */
  rejected: number;
  rejectedPayments: (Pick<PaymentData, 'payerType' | 'amountTiyn' | 'paidOn'> & { cause: RejectionCause })[];
  /** Earlier than any month we hold a payment (or a conflict) for: we cannot tell, so nothing is said about it. */
  beforeData: boolean;
}

/**
 * The "contributions" view: the last `months` periods up to the current month, oldest first, each paid (with who
 * paid what), missing (past its due date with no accepted payment: a gap), not yet due, or under review; months
 * before the first one we hold anything for are marked `beforeData`.
 */
export function contributionHistory(options: {
  payments: readonly PaymentData[];
  at: Instant;
  months?: number;
  /** Months whose payment is in conflict (see `review.ts`). */
  underReview?: readonly Period[];
  /** Exemptions and state category periods (`osms.exemption`): an exempt month is never shown as missing. */
  exemptions?: readonly ExemptionData[];
}): MonthContributions[] {
  const reviewed = new Set(options.underReview ?? []);
  const today = kazakhstanDate(options.at);
  const current = periodIndex(periodOfDate(today));
  const exempt = (options.exemptions ?? []).filter((exemption) => exemption.basis === 'art28_p7');
  const exemptIn = (period: Period) =>
    exempt.some(
      (exemption) =>
        exemption.from <= lastDayOfPeriod(period) && (exemption.to === undefined || exemption.to >= `${period}-01`),
    );
  const known = [
    ...options.payments.map((payment) => payment.period),
    ...reviewed,
    ...exempt.map((exemption) => periodOfDate(exemption.from)),
  ].map(periodIndex);
  const dataFrom = known.length > 0 ? Math.min(...known) : Number.POSITIVE_INFINITY;
  const history: MonthContributions[] = [];
  for (let index = current - (options.months ?? 12) + 1; index <= current; index++) {
    const period = formatPeriod(index);
    const rules = insuranceRulesOn(`${period}-01`);
    const dueOn = dayOfPeriod(formatPeriod(index + 1), rules.paymentDueDayOfNextMonth);
    const ofPeriod = options.payments.filter((payment) => payment.period === period);
    const accepted = ofPeriod.filter((payment) => payment.status === 'accepted');
    const state: MonthState = reviewed.has(period)
      ? 'under_review'
      : accepted.length > 0
        ? 'paid'
        : exemptIn(period)
          ? 'exempt'
          : today <= dueOn
            ? 'not_due_yet'
            : 'missing';
    history.push({
      period,
      state,
      dueOn,
      totalTiyn: accepted.reduce((sum, payment) => sum + payment.amountTiyn, 0),
      payments: accepted.map(({ payerType, kind, amountTiyn, paidOn, category }) => ({
        payerType,
        kind,
        amountTiyn,
        paidOn,
        ...(category === undefined ? {} : { category }),
      })),
      rejected: ofPeriod.length - accepted.length,
      rejectedPayments: ofPeriod
        .filter((payment) => payment.status !== 'accepted')
        .map(({ payerType, amountTiyn, paidOn, rejectReason }) => ({
          payerType,
          amountTiyn,
          paidOn,
          cause: rejectionCause(rejectReason),
        })),
      beforeData: index < dataFrom,
    });
  }
  return history;
}
