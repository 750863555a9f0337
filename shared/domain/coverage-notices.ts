import { addDays, type IsoDate, toEpochDay } from './dates';
import type { InsuranceStatus } from './insurance';
import type { NotificationIntent } from './notifications';

/** Days before `coveredThrough` on which a linked citizen is reminded (issue 4). */
export const COVERAGE_REMINDER_DAYS = [14, 3] as const;

/**
 * What the coverage messages need to say who pays and what is owed (issue 13 items 1–3): the payer basis, the owed
 * months inside the art. 5 p.3 window (the first of them is the missing payment an employee or the state is told
 * about), their cost for a person who pays for themselves (absent otherwise: nobody else is told an amount), whether
 * our history is shorter than the window ("at least"), the latest paid month (ЕСП: the month it covers) and when the
 * next payment is due. Values that do not apply are left out.
 */
function coverageFacts(insurance: InsuranceStatus): Record<string, string | number> {
  const [missingPeriod] = insurance.owedPeriods;
  return {
    payerBasis: insurance.payerBasis ?? 'self',
    owedMonths: insurance.owedMonths,
    owedAtLeast: insurance.owedAtLeast ? 1 : 0,
    ...(insurance.owedAmountTiyn === null ? {} : { owedAmountTiyn: insurance.owedAmountTiyn }),
    ...(missingPeriod ? { missingPeriod } : {}),
    ...(insurance.lastPaidPeriod ? { paidPeriod: insurance.lastPaidPeriod } : {}),
    ...(insurance.nextPaymentDueOn ? { nextPaymentDueOn: insurance.nextPaymentDueOn } : {}),
  };
}

/**
 * The coverage message due today for a citizen, if any: 14 and 3 days before `coveredThrough`, and on the day after
 * it ("coverage ended"). The daily sweep asks this for every linked citizen. Each carries who pays and what is owed
 * ({@link coverageFacts}), so a self-payer reads "pay 4 months × 4,250 ₸ = 17,000 ₸", a state-paid person that the
 * state pays and the Fund can check, an employee that the employer's payment is missing, and an ЕСП payer the paid
 * month only. Nobody exempt under art. 28 p.7 is reminded: they need no payments.
 */
export function coverageNotice(options: {
  citizenKey: string;
  insurance: InsuranceStatus;
  today: IsoDate;
  monthlyAmountTiyn: number;
  restoreMaxMonths: number;
}): NotificationIntent | undefined {
  const { insurance, today, citizenKey } = options;
  const end = insurance.coveredThrough;
  if (!end || insurance.payerBasis === 'exempt') return undefined;
  const daysLeft = toEpochDay(end) - toEpochDay(today);
  const facts = coverageFacts(insurance);
  if ((COVERAGE_REMINDER_DAYS as readonly number[]).includes(daysLeft)) {
    return {
      kind: 'coverage_ending',
      subject: citizenKey,
      date: end,
      variant: `days-${daysLeft}`,
      params: { coveredThrough: end, days: daysLeft, monthlyAmountTiyn: options.monthlyAmountTiyn, ...facts },
    };
  }
  if (today === addDays(end, 1) && insurance.lastPaidPeriod) {
    // Kept for the first text: the grace months (L+1 … L+grace), capped at 12 (art. 5 p.3). `owedMonths` is exact.
    const missed = Math.max(1, Math.min(options.restoreMaxMonths, insurance.graceMonths ?? 1));
    return {
      kind: 'coverage_ended',
      subject: citizenKey,
      date: end,
      params: { coveredThrough: end, restoreMonths: missed, monthlyAmountTiyn: options.monthlyAmountTiyn, ...facts },
    };
  }
  return undefined;
}

/**
 * "Welcome back": a payment gave back the right that had lapsed — the grace was over (`lapsed`) or owed months blocked
 * it (`arrears`) — and now nothing inside the window is owed (art. 5 p.3). Whether the arrears arrived one by one or
 * in one batch, only the payment that completes them turns the status into insured. Not for a conditionally insured
 * person — they never lost care —, not for a first payment (nothing was lost), and not for an ЕСП payer paying the
 * next month (`paid_month_ended`: not behind).
 */
export function coverageRestored(options: {
  citizenKey: string;
  before: InsuranceStatus;
  after: InsuranceStatus;
}): NotificationIntent | undefined {
  const { before, after } = options;
  const lost = before.status === 'not_insured' && (before.reason === 'lapsed' || before.reason === 'arrears');
  if (!lost || after.status !== 'insured' || !after.coveredThrough) return undefined;
  return {
    kind: 'coverage_restored',
    subject: options.citizenKey,
    date: after.coveredThrough,
    params: { coveredThrough: after.coveredThrough, payerBasis: after.payerBasis ?? 'self' },
  };
}
