import { type Arrears, arrearsOn, type MonthFacts, monthLedger, paidInTimeBefore, paymentDueOn } from './arrears';
import {
  addDays,
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
import { exemptionInForce, type PayerBasis, payerBasisOf } from './payer-basis';
import { consecutivePaymentRuleOn, insuranceRulesOn } from './rules/insurance-rules';

export type InsuranceStatusName = 'insured' | 'conditionally_insured' | 'not_insured';

/** Which grace applies after the last paid period (BRIEF 2.3). */
export type GraceKind = 'standard' | 'extended_60_months' | 'none_single_aggregate';

/**
 * Why the status is what it is: `paid` (the months paid cover today), `exempt` (art. 28 p.7), `grace` (art. 5 p.2:
 * care continues after payments stopped), `paid_month_ended` (ЕСП: the paid month is over and the next is not yet
 * due), `lapsed` (the grace is over and nothing later was paid), `arrears` (later months were paid, but owed months
 * inside the window are not: art. 5 p.3), `no_data`.
 */
export type CoverageReason = 'no_data' | 'paid' | 'exempt' | 'grace' | 'paid_month_ended' | 'lapsed' | 'arrears';

export interface InsuranceStatus {
  status: InsuranceStatusName;
  reason: CoverageReason;
  /** Last day of care we forecast from the payments received; null when nothing was ever paid or an open exemption. */
  coveredThrough: IsoDate | null;
  /** The latest period with an accepted payment. */
  lastPaidPeriod: Period | null;
  /** When the payment for the month after the latest covered one is due (25th of the month after that). */
  nextPaymentDueOn: IsoDate | null;
  grace: GraceKind | null;
  graceMonths: number | null;
  ruleSetId: string | null;
  payerBasis: PayerBasis | null;
  /** Unpaid months past their due date inside the art. 5 p.3 window, oldest first. */
  owedPeriods: Period[];
  owedMonths: number;
  /** What paying the owed months costs today; null when it is not the person's to pay (employer, state, exempt). */
  owedAmountTiyn: number | null;
  /** Our history is shorter than the window: "at least `owedMonths`". */
  owedAtLeast: boolean;
  /** Art. 5 p.3-1 (provisional): fewer months paid in a row than the law asks of self-payers before care. */
  consecutiveMonths: { required: number; paid: number; ruleId: string } | null;
}

interface Stop {
  grace: GraceKind | null;
  months: number | null;
  /** The last day of care the grace gives. */
  end: IsoDate;
  ruleSetId: string;
}

/**
 * The grace after the covered period `p` (art. 5 p.2): none when only the single aggregate payment paid for it (art. 5
 * p.2-1: the paid month only); 6 months when each of the 60 periods ending with p was paid by someone other than the
 * state (from 2026); else 3; an exempt month gets 3. Judged by the rules in force the day after the payment for p+1
 * became overdue, the day the grace starts.
 */
function graceAfter(p: number, ledger: ReadonlyMap<number, MonthFacts>): Stop {
  const rules = insuranceRulesOn(addDays(paymentDueOn(p + 1), 1));
  const facts = ledger.get(p);
  let grace: GraceKind = 'standard';
  let months = rules.graceMonths;
  if (facts && !facts.exempt && facts.payers.every((payer) => payer === 'single_aggregate')) {
    [grace, months] = ['none_single_aggregate', 0];
  } else if (rules.extendedGrace) {
    let unbroken = true;
    for (let index = p - rules.extendedGrace.paidPeriodsRequired + 1; index <= p && unbroken; index++) {
      unbroken = (ledger.get(index)?.payers ?? []).some((payer) => payer !== 'state');
    }
    if (unbroken) [grace, months] = ['extended_60_months', rules.extendedGrace.months];
  }
  return { grace, months, end: lastDayOfPeriod(formatPeriod(p + months)), ruleSetId: rules.id };
}

/** Where the right stopped before the owed month `u`: the grace of the last month paid in time (`paidInTimeBefore`). */
function stopBefore(u: number, ledger: ReadonlyMap<number, MonthFacts>, today: IsoDate): Stop {
  const { inTime, lastCovered } = paidInTimeBefore(u, ledger, today);
  if (inTime !== null) return graceAfter(inTime, ledger);
  const end = lastDayOfPeriod(formatPeriod(lastCovered));
  return { grace: null, months: null, end, ruleSetId: insuranceRulesOn(today).id };
}

/** Art. 5 p.3-1 (provisional): months paid in a row ending with the latest paid one, when fewer than the rule asks. */
function consecutiveShortfall(options: {
  ledger: ReadonlyMap<number, MonthFacts>;
  lastPaid: number;
  historyStart: number;
  basis: PayerBasis | null;
  today: IsoDate;
}): InsuranceStatus['consecutiveMonths'] {
  const rule = consecutivePaymentRuleOn(options.today);
  if (!rule || options.basis === null || !rule.payerBases.includes(options.basis)) return null;
  let month = options.lastPaid;
  while ((options.ledger.get(month)?.payers.length ?? 0) > 0) month--;
  const paid = options.lastPaid - month;
  // A run that reaches back to the start of our history may be longer than we know.
  if (paid >= rule.months || month < options.historyStart) return null;
  return { required: rule.months, paid, ruleId: rule.id };
}

/** Only people who pay for themselves are ever told an amount (issue 13 item 2). */
function amountFor(basis: PayerBasis | null, arrears: Arrears): number | null {
  return basis === 'self' || basis === 'single_aggregate' ? arrears.amountTiyn : null;
}

/** The status on `today` given where the right stops and the earliest owed month (see `insuranceStatus`). */
function statusOn(options: {
  today: IsoDate;
  stop: Stop;
  firstOwed: number | null;
  latest: number;
  nextPaymentDueOn: IsoDate;
  /** Whether the month of `today` is covered. */
  thisMonthCovered: boolean;
}): [InsuranceStatusName, CoverageReason] {
  const { today, stop, firstOwed, nextPaymentDueOn } = options;
  if (firstOwed === null) {
    // ЕСП covers the paid months only: until the next payment is due the person is not insured, but not behind.
    const esp = stop.months === 0;
    if (esp ? options.thisMonthCovered && today <= stop.end : today <= nextPaymentDueOn) return ['insured', 'paid'];
    if (stop.months === 0 && today <= nextPaymentDueOn) return ['not_insured', 'paid_month_ended'];
  }
  if (today <= stop.end) return ['conditionally_insured', 'grace'];
  return ['not_insured', firstOwed !== null && firstOwed < options.latest ? 'arrears' : 'lapsed'];
}

/**
 * The МӘМС status of a person at a moment, forecast from the payments and exemptions we hold (BRIEF 2.3; seed 003
 * art. 5). Covered months are those with an accepted payment (by anyone) or an art. 28 p.7 exemption; L is the latest.
 *
 * - An exemption in force today: `insured` ("covered: exempt", art. 5 p.1), whatever was paid.
 * - Nothing owed (see `arrearsOn`, art. 5 p.3): `insured` while the payment for L+1 is not overdue (through the 25th
 *   of month L+2); then `conditionally_insured` through the last day of month L+grace (art. 5 p.2); then
 *   `not_insured`. Grace is 3 months; 6 when each of the 60 periods ending with L was paid by someone other than the
 *   state (rules from 2026-01-01), judged by the rules in force on the day the grace starts (the 26th of month L+2).
 * - ЕСП (art. 5 p.2-1): when only the single aggregate payment paid for L, the right covers month L only: `insured`
 *   through its last day, then `not_insured` (`paid_month_ended`) until the payment for L+1 is due, when it is owed.
 * - Owed months in the window: the right stopped at the earliest of them, u. Care continues through the grace of the
 *   last month before u that was paid before the payments stopped (`conditionally_insured`, art. 5 p.2); after it,
 *   `not_insured` until every owed month is paid — a payment for a later month alone never brings the right back
 *   (art. 5 p.3), and months paid back late start no new grace.
 */
export function insuranceStatus(options: {
  payments: readonly PaymentData[];
  /** Exemptions and state category periods of this person (events `osms.exemption`). */
  exemptions?: readonly ExemptionData[];
  at: Instant;
}): InsuranceStatus {
  const exemptions = options.exemptions ?? [];
  const today = kazakhstanDate(options.at);
  const ledger = monthLedger(options.payments, exemptions, today);
  const covered = [...ledger.keys()];
  const paid = covered.filter((index) => (ledger.get(index)?.payers.length ?? 0) > 0);
  const latest = covered.length > 0 ? Math.max(...covered) : null;
  const lastPaid = paid.length > 0 ? Math.max(...paid) : null;
  const payerBasis = payerBasisOf(ledger, latest, exemptions, today);
  const historyStart = covered.length > 0 ? Math.min(...covered) : null;
  const arrears = arrearsOn({ on: today, covered: (index) => ledger.has(index), historyStart });
  const known = {
    payerBasis,
    lastPaidPeriod: lastPaid === null ? null : formatPeriod(lastPaid),
    owedPeriods: arrears.periods,
    owedMonths: arrears.months,
    owedAmountTiyn: amountFor(payerBasis, arrears),
    owedAtLeast: arrears.atLeast,
    consecutiveMonths: null,
  };
  const none = { coveredThrough: null, nextPaymentDueOn: null, grace: null, graceMonths: null };
  const exemption = exemptions.find(
    (candidate) => candidate.basis === 'art28_p7' && exemptionInForce(candidate, today),
  );
  if (exemption) {
    const ruleSetId = insuranceRulesOn(today).id;
    return { status: 'insured', reason: 'exempt', ...none, coveredThrough: exemption.to ?? null, ...known, ruleSetId };
  }
  if (latest === null || historyStart === null) {
    return { status: 'not_insured', reason: 'no_data', ...none, ...known, ruleSetId: null };
  }
  const nextPaymentDueOn = paymentDueOn(latest + 1);
  const firstOwed = arrears.periods[0] === undefined ? null : periodIndex(arrears.periods[0]);
  const stop = firstOwed === null ? graceAfter(latest, ledger) : stopBefore(firstOwed, ledger, today);
  const thisMonthCovered = ledger.has(periodIndex(periodOfDate(today)));
  const [status, reason] = statusOn({ today, stop, firstOwed, latest, nextPaymentDueOn, thisMonthCovered });
  const consecutiveMonths =
    status === 'not_insured' || lastPaid === null
      ? null
      : consecutiveShortfall({ ledger, lastPaid, historyStart, basis: payerBasis, today });
  return {
    status,
    reason,
    coveredThrough: stop.end,
    ...known,
    nextPaymentDueOn,
    grace: stop.grace,
    graceMonths: stop.months,
    ruleSetId: stop.ruleSetId,
    consecutiveMonths,
  };
}

export {
  contributionHistory,
  type MonthContributions,
  type MonthState,
  type RejectionCause,
  rejectionCause,
} from './contributions';
