import {
  addDays,
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
import type { PayerType, PaymentData } from './events';
import { type InsuranceRuleSet, insuranceRulesOn } from './rules/insurance-rules';

export type InsuranceStatusName = 'insured' | 'conditionally_insured' | 'not_insured';

/** Which grace applies after the last paid period (BRIEF 2.3). */
export type GraceKind = 'standard' | 'extended_60_months' | 'none_single_aggregate';

export interface InsuranceStatus {
  status: InsuranceStatusName;
  /** Last day of care we forecast from the payments received; null when nothing was ever paid. */
  coveredThrough: IsoDate | null;
  /** L: the latest period with an accepted payment. */
  lastPaidPeriod: Period | null;
  /** When the payment for the month after L is due (25th of the month after that). */
  nextPaymentDueOn: IsoDate | null;
  grace: GraceKind | null;
  graceMonths: number | null;
  ruleSetId: string | null;
}

/** The payer types of the accepted payments of each period, by period index. */
function acceptedPeriods(payments: readonly PaymentData[]): Map<number, PayerType[]> {
  const periods = new Map<number, PayerType[]>();
  for (const payment of payments) {
    if (payment.status !== 'accepted') continue; // A rejected payment gives no right (seed 004).
    const index = periodIndex(payment.period);
    const payers = periods.get(index);
    if (payers) payers.push(payment.payerType);
    else periods.set(index, [payment.payerType]);
  }
  return periods;
}

function graceAfter(last: number, periods: Map<number, PayerType[]>, rules: InsuranceRuleSet) {
  const lastPayers = periods.get(last) ?? [];
  // ЕСП payers get no grace (art. 5 p.2-1) — unless someone else also paid for that month.
  if (lastPayers.every((payer) => payer === 'single_aggregate')) {
    return { grace: 'none_single_aggregate' as const, months: 0 };
  }
  const extended = rules.extendedGrace;
  if (extended) {
    let unbroken = true;
    for (let index = last - extended.paidPeriodsRequired + 1; index <= last && unbroken; index++) {
      unbroken = (periods.get(index) ?? []).some((payer) => payer !== 'state');
    }
    if (unbroken) return { grace: 'extended_60_months' as const, months: extended.months };
  }
  return { grace: 'standard' as const, months: rules.graceMonths };
}

/**
 * The МӘМС status of a person at a moment, forecast from the payments we hold (BRIEF 2.3; seed 003 art. 5).
 *
 * With L the latest period with an accepted payment: `insured` while the payment for L+1 is not overdue (through the
 * 25th of month L+2); then `conditionally_insured` through the last day of month L+grace; then `not_insured`.
 * Grace is 3 months; 6 when each of the 60 periods ending with L has an accepted payment other than the state's
 * (rules from 2026-01-01); none when L was paid only through the single aggregate payment, in which case coverage
 * ends when the payment for L+1 becomes overdue. The grace is judged by the rules in force on the day it starts (the
 * 26th of month L+2, when the payment for L+1 is overdue).
 */
export function insuranceStatus(options: { payments: readonly PaymentData[]; at: Instant }): InsuranceStatus {
  const periods = acceptedPeriods(options.payments);
  if (periods.size === 0) {
    return {
      status: 'not_insured',
      coveredThrough: null,
      lastPaidPeriod: null,
      nextPaymentDueOn: null,
      grace: null,
      graceMonths: null,
      ruleSetId: null,
    };
  }
  const last = Math.max(...periods.keys());
  const dueDay = insuranceRulesOn(`${formatPeriod(last + 1)}-01`).paymentDueDayOfNextMonth;
  const nextPaymentDueOn = dayOfPeriod(formatPeriod(last + 2), dueDay);
  // The grace is judged by the rules in force on the day it starts: the day after the payment for L+1 became overdue.
  const rules = insuranceRulesOn(addDays(nextPaymentDueOn, 1));
  const { grace, months } = graceAfter(last, periods, rules);
  const coveredThrough = months > 0 ? lastDayOfPeriod(formatPeriod(last + months)) : nextPaymentDueOn;
  const today = kazakhstanDate(options.at);
  const status: InsuranceStatusName =
    today <= nextPaymentDueOn ? 'insured' : today <= coveredThrough ? 'conditionally_insured' : 'not_insured';
  return {
    status,
    coveredThrough,
    lastPaidPeriod: formatPeriod(last),
    nextPaymentDueOn,
    grace,
    graceMonths: months,
    ruleSetId: rules.id,
  };
}

export type MonthState = 'paid' | 'missing' | 'not_due_yet';

export interface MonthContributions {
  period: Period;
  state: MonthState;
  /** The payment for this period is due by this day. */
  dueOn: IsoDate;
  totalTiyn: number;
  payments: Pick<PaymentData, 'payerType' | 'kind' | 'amountTiyn' | 'paidOn' | 'category'>[];
  /** Payments the State Corporation rejected for this period: shown so the citizen knows to ask, never counted. */
  rejected: number;
}

/**
 * The "contributions" view: the last `months` periods up to the current month, oldest first, each paid (with who
 * paid what), missing (past its due date with no accepted payment: a gap) or not yet due.
 */
export function contributionHistory(options: {
  payments: readonly PaymentData[];
  at: Instant;
  months?: number;
}): MonthContributions[] {
  const today = kazakhstanDate(options.at);
  const current = periodIndex(periodOfDate(today));
  const months = options.months ?? 12;
  const history: MonthContributions[] = [];
  for (let index = current - months + 1; index <= current; index++) {
    const period = formatPeriod(index);
    const rules = insuranceRulesOn(`${period}-01`);
    const dueOn = dayOfPeriod(formatPeriod(index + 1), rules.paymentDueDayOfNextMonth);
    const ofPeriod = options.payments.filter((payment) => payment.period === period);
    const accepted = ofPeriod.filter((payment) => payment.status === 'accepted');
    const state: MonthState = accepted.length > 0 ? 'paid' : today <= dueOn ? 'not_due_yet' : 'missing';
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
    });
  }
  return history;
}
