import type { MonthFacts } from './arrears';
import { formatPeriod, type IsoDate, lastDayOfPeriod, type Period, periodIndex, periodOfDate } from './dates';
import { latestOf } from './event-log';
import type { ExemptionData, ExemptionEvent } from './events';

/** Who pays for the person, which decides what we tell them (BRIEF 2.3; issue 13 item 2). */
export type PayerBasis = 'employer' | 'self' | 'state' | 'exempt' | 'single_aggregate';

/**
 * The exemption periods that count, from every `osms.exemption` event of one person: one per (basis, start) — a
 * statement sent again with another end is a correction, and the one that occurred later counts ({@link latestOf}) —
 * sorted, so the result depends on the set of events alone.
 */
export function exemptionPeriods(events: readonly ExemptionEvent[]): ExemptionData[] {
  const byStart = new Map<string, ExemptionEvent[]>();
  for (const event of events) {
    const key = `${event.data.basis}#${event.data.from}`;
    byStart.set(key, [...(byStart.get(key) ?? []), event]);
  }
  return [...byStart.keys()].sort().flatMap((key) => {
    const latest = latestOf(byStart.get(key) ?? []);
    return latest ? [latest.data] : [];
  });
}

/** The months an exemption or category period touches, from its start to its end (an open one: to `today`'s month). */
export function exemptionMonths(exemption: ExemptionData, today: IsoDate): Period[] {
  const last = periodIndex(periodOfDate(exemption.to ?? today));
  const months: Period[] = [];
  for (let index = periodIndex(periodOfDate(exemption.from)); index <= last; index++) months.push(formatPeriod(index));
  return months;
}

/** Whether an exemption or state category period is in force on `day` (an open one has no end). */
export const exemptionInForce = (exemption: ExemptionData, day: IsoDate) =>
  exemption.from <= day && (exemption.to === undefined || day <= exemption.to);

/** Who pays: an exemption or a state category in force today, else the payers of the latest covered month. */
export function payerBasisOf(
  ledger: ReadonlyMap<number, MonthFacts>,
  latest: number | null,
  exemptions: readonly ExemptionData[],
  today: IsoDate,
): PayerBasis | null {
  const active = exemptions.filter((exemption) => exemptionInForce(exemption, today));
  if (active.some((exemption) => exemption.basis === 'art28_p7')) return 'exempt';
  if (active.length > 0) return 'state';
  const payers = latest === null ? [] : (ledger.get(latest)?.payers ?? []);
  // Nothing paid, or the latest covered month was an exemption that has ended: now the person pays for themselves.
  if (payers.length === 0) return latest === null && exemptions.length === 0 ? null : 'self';
  if (payers.some((payer) => payer === 'employer' || payer === 'employee')) return 'employer';
  if (payers.includes('state') && latest !== null) {
    // The state paid for the latest month; only when the category period that covered that very month is known to
    // have ended does the person pay for themselves now. An older, unrelated period proves nothing (seed 001 §20-1:
    // when state payments stop, the Fund checks the category — we never tell a state-paid person to pay).
    const period = formatPeriod(latest);
    const covering = exemptions.filter(
      (exemption) =>
        exemption.basis !== 'art28_p7' &&
        exemption.from <= lastDayOfPeriod(period) &&
        (exemption.to === undefined || exemption.to >= `${period}-01`),
    );
    const ended =
      covering.length > 0 && covering.every((exemption) => exemption.to !== undefined && exemption.to < today);
    return ended ? 'self' : 'state';
  }
  return payers.every((payer) => payer === 'single_aggregate') ? 'single_aggregate' : 'self';
}
