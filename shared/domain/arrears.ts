import { dayOfPeriod, formatPeriod, type IsoDate, type Period, periodIndex, periodOfDate } from './dates';
import type { ExemptionData, PayerType, PaymentData } from './events';
import { insuranceRulesOn, selfPaidMonthlyContributionTiyn } from './rules/insurance-rules';

/** The months still owed on a day, and what paying them costs a person who pays for themselves (art. 5 p.3). */
export interface Arrears {
  /** Owed months inside the window, oldest first. */
  periods: Period[];
  months: number;
  /** `months` × 5% of the minimum wage of the payment day's financial year (4,250 ₸ in 2025 and 2026). */
  amountTiyn: number;
  /** One month's contribution on that day (0 before 2020, when art. 5 p.3 does not apply). */
  monthlyTiyn: number;
  /**
   * The window reaches back before the first month we hold for this person: months before that are neither owed nor
   * missing to us, so the true count may be higher — "at least `months`".
   */
  atLeast: boolean;
  /** The months looked at: the 12 before the payment day's month, never before 2020-01; null when there are none. */
  window: { from: Period; to: Period } | null;
}

export interface MonthFacts {
  payers: PayerType[];
  /** The earliest day an accepted payment for the month was made. */
  paidOn: IsoDate | null;
  exempt: boolean;
}

/**
 * The months that count as covered, by period index: accepted payments by anyone (seed 004: a rejected one gives no
 * right) and art. 28 p.7 exemptions in force on any day of the month, up to today (seed 003 art. 5 p.1).
 */
export function monthLedger(payments: readonly PaymentData[], exemptions: readonly ExemptionData[], today: IsoDate) {
  const ledger = new Map<number, MonthFacts>();
  const month = (index: number) => {
    const facts = ledger.get(index) ?? { payers: [], paidOn: null, exempt: false };
    ledger.set(index, facts);
    return facts;
  };
  for (const payment of payments) {
    if (payment.status !== 'accepted') continue;
    const facts = month(periodIndex(payment.period));
    facts.payers.push(payment.payerType);
    if (facts.paidOn === null || payment.paidOn < facts.paidOn) facts.paidOn = payment.paidOn;
  }
  for (const exemption of exemptions) {
    if (exemption.basis !== 'art28_p7' || exemption.from > today) continue;
    const last = periodIndex(periodOfDate(exemption.to !== undefined && exemption.to < today ? exemption.to : today));
    for (let index = periodIndex(periodOfDate(exemption.from)); index <= last; index++) month(index).exempt = true;
  }
  return ledger;
}

/** When the payment for a period is due: the 25th of the following month (BRIEF 2.3). */
export function paymentDueOn(period: number): IsoDate {
  const next = formatPeriod(period + 1);
  return dayOfPeriod(next, insuranceRulesOn(`${next}-01`).paymentDueDayOfNextMonth);
}

/**
 * The unpaid months a person must pay, as of a payment day, to have the right to care (seed 003 art. 5 p.3, in our
 * words: the unpaid period is paid at 5% of the minimum wage of the current financial year, reaching back no more than
 * 12 months before the payment day; the part of it before 2020-01-01 is not counted — second paragraph).
 *
 * A month is owed when it lies in the window — the 12 calendar months before the month of `on`, from 2020-01 at the
 * earliest, and from the first month we hold for this person (`historyStart`) — is past its due date (the 25th of
 * the next month: nobody is behind before that) and is not covered (`covered`: an accepted payment, by anyone, or an
 * exemption). Months of the current month and later are never owed.
 */
export function arrearsOn(options: {
  on: IsoDate;
  covered: (period: number) => boolean;
  /** The first month we hold for this person (index), or null when we hold none. */
  historyStart: number | null;
}): Arrears {
  const { on, covered, historyStart } = options;
  const rules = insuranceRulesOn(on);
  const current = periodIndex(periodOfDate(on));
  const first = Math.max(current - rules.restoreMaxMonths, periodIndex(rules.arrearsCountFrom));
  const last = current - 1;
  const window = first <= last ? { from: formatPeriod(first), to: formatPeriod(last) } : null;
  const start = historyStart === null ? last + 1 : Math.max(first, historyStart);
  const periods: Period[] = [];
  for (let index = start; index <= last; index++) {
    if (!covered(index) && on > paymentDueOn(index)) periods.push(formatPeriod(index));
  }
  const monthlyTiyn = window ? selfPaidMonthlyContributionTiyn(on) : 0;
  return {
    periods,
    months: periods.length,
    amountTiyn: periods.length * monthlyTiyn,
    monthlyTiyn,
    atLeast: window !== null && (historyStart === null || historyStart > first),
    window,
  };
}

/**
 * The month whose grace (art. 5 p.2) still speaks for the owed month `u`: the latest covered month before it that was
 * paid before the payments stopped — by the due date of the month after it, or on a day we cannot judge (after
 * today); an exempt month always. Months paid later are arrears paid back (art. 5 p.3): they restore the right only
 * once nothing in the window is owed, and start no grace of their own. `inTime` is null when every covered month of
 * the run just before `u` was paid back so; `lastCovered` is the last covered month before `u`.
 */
export function paidInTimeBefore(
  u: number,
  ledger: ReadonlyMap<number, MonthFacts>,
  today: IsoDate,
): { inTime: number | null; lastCovered: number } {
  let lastCovered = u - 1;
  // Callers pass an owed month after the start of our history, which is a covered month: this stops.
  while (!ledger.has(lastCovered)) lastCovered--;
  for (let month = lastCovered; ; month--) {
    const facts = ledger.get(month);
    if (!facts) return { inTime: null, lastCovered };
    const paidOn = facts.paidOn;
    if (facts.exempt || paidOn === null || paidOn <= paymentDueOn(month + 1) || paidOn > today) {
      return { inTime: month, lastCovered };
    }
  }
}
