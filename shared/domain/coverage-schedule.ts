import { COVERAGE_REMINDER_DAYS, coverageNotice } from './coverage-notices';
import { addDays, type IsoDate, toEpochDay } from './dates';
import type { InsuranceStatus } from './insurance';
import type { NotificationIntent } from './notifications';
import { insuranceRulesOn, selfPaidMonthlyContributionTiyn } from './rules/insurance-rules';

/*
 * When the morning coverage sweep must look at a linked citizen, and what it says then (issue 15 item 4): the chat
 * keeps its next sweep day, computed here from the citizen's derived insurance; shared/app/coverage-sweep.ts stores it.
 */

/**
 * How many days late a coverage reminder is still sent when the sweep missed its day (the sweep failed, or the chat's
 * part was retried past midnight). Older ones are dropped: a newer reminder of the same end has superseded them, or
 * the sweep was down for over a week, which is an incident with its own alarm.
 */
export const COVERAGE_CATCH_UP_DAYS = 7;

/**
 * The days a citizen's coverage messages speak on, ascending: the domain's own rule (`coverageNotice`) asked for each
 * candidate day, so this never disagrees with what the sweep would send (14 and 3 days before, the day after).
 */
export function coverageReminderDays(citizenKey: string, insurance: InsuranceStatus): IsoDate[] {
  const end = insurance.coveredThrough;
  if (!end) return [];
  const candidates = [...COVERAGE_REMINDER_DAYS.map((days) => addDays(end, -days)), addDays(end, 1)];
  const speaks = (today: IsoDate) =>
    coverageNotice({ citizenKey, insurance, today, monthlyAmountTiyn: 0, restoreMaxMonths: 12 }) !== undefined;
  return candidates.filter(speaks).sort();
}

/**
 * The first day on or after `from` the sweep must look at the chat: a reminder day, or a day the derivation may move
 * by time alone — the day after the next payment falls due (a month becomes owed and the end may move), the day after
 * coverage ends (an exemption's end). Undefined when nothing is ahead.
 */
export function nextSweepDay(citizenKey: string, insurance: InsuranceStatus, from: IsoDate): IsoDate | undefined {
  const days = [
    ...coverageReminderDays(citizenKey, insurance),
    ...(insurance.nextPaymentDueOn ? [addDays(insurance.nextPaymentDueOn, 1)] : []),
    ...(insurance.coveredThrough ? [addDays(insurance.coveredThrough, 1)] : []),
  ];
  return days.filter((day) => day >= from).sort()[0];
}

/**
 * The coverage message a chat gets today, re-checked against the citizen as derived now: the latest reminder day of
 * the current end date between the chat's sweep day (or {@link COVERAGE_CATCH_UP_DAYS} ago) and today. A citizen who
 * paid since has a later end, so no "ending soon"; conflicts freeze months in the derivation exactly as for `/status`.
 * A reminder sent late keeps its id (same end, same variant) and says the days left as of today.
 */
export function dueCoverageNotice(options: {
  citizenKey: string;
  insurance: InsuranceStatus;
  sweepOn: IsoDate | undefined;
  today: IsoDate;
}): NotificationIntent | undefined {
  const { citizenKey, insurance, today } = options;
  const earliest = addDays(today, -COVERAGE_CATCH_UP_DAYS);
  const from = options.sweepOn !== undefined && options.sweepOn > earliest ? options.sweepOn : earliest;
  const day = coverageReminderDays(citizenKey, insurance)
    .filter((candidate) => candidate >= from && candidate <= today)
    .pop();
  if (day === undefined) return undefined;
  const intent = coverageNotice({
    citizenKey,
    insurance,
    today: day,
    monthlyAmountTiyn: selfPaidMonthlyContributionTiyn(today),
    restoreMaxMonths: insuranceRulesOn(today).restoreMaxMonths,
  });
  if (!intent || day === today || intent.kind !== 'coverage_ending' || !insurance.coveredThrough) return intent;
  const daysLeft = toEpochDay(insurance.coveredThrough) - toEpochDay(today);
  return daysLeft > 0 ? { ...intent, params: { ...intent.params, days: daysLeft } } : undefined;
}
