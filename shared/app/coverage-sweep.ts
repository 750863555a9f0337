import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { COVERAGE_REMINDER_DAYS, coverageNotice } from '../domain/coverage-notices';
import { addDays, type Instant, type IsoDate, kazakhstanDate, toEpochDay } from '../domain/dates';
import { type InsuranceStatus, insuranceStatus } from '../domain/insurance';
import type { NotificationIntent } from '../domain/notifications';
import {
  INSURANCE_RULE_SETS,
  insuranceRulesOn,
  selfPaidMonthlyContributionTiyn,
} from '../domain/rules/insurance-rules';
import type { FactRecord } from './fact-record';
import type { ChatCoverage, ChatRecord, ChatStore } from './ports/chat-store';
import type { Clock } from './ports/clock';
import type { FactStore } from './ports/fact-store';
import { deriveStored } from './views';

/**
 * How many days late a coverage reminder is still sent when the sweep missed its day (the sweep failed, or the chat's
 * part was retried past midnight). Older ones are dropped: a newer reminder of the same end has superseded them, or
 * the sweep was down for over a week, which is an incident with its own alarm.
 */
export const COVERAGE_CATCH_UP_DAYS = 7;

/** Bump when the way `nextCoverage` chooses days changes: the daily reconciliation then recomputes every chat. */
const COVERAGE_SCHEDULE_VERSION = 1;

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
 * The coverage a chat keeps after a derivation at `at`. `handledThrough` is the last day whose reminders are dealt
 * with: the sweep handled today (and passes no `stored`); a fact or a link handled nothing yet (yesterday). While the
 * end date is the one the chat already holds (`stored`), a sweep day of it not yet handled is kept, so a day the sweep
 * missed is still caught up; a new end date starts from today (the days of the old end are void, and those of the new
 * one already past are not announced late).
 */
export function nextCoverage(options: {
  citizenKey: string;
  insurance: InsuranceStatus;
  stored: ChatCoverage | undefined;
  handledThrough: IsoDate;
  at: Instant;
}): ChatCoverage {
  const { insurance, stored } = options;
  const coveredThrough = insurance.coveredThrough ?? undefined;
  const from = addDays(options.handledThrough, 1);
  const sameEnd = stored !== undefined && stored.coveredThrough === coveredThrough;
  const cursor = sameEnd && stored.sweepOn !== undefined && stored.sweepOn < from ? stored.sweepOn : from;
  const sweepOn = nextSweepDay(options.citizenKey, insurance, cursor);
  return {
    ...(coveredThrough ? { coveredThrough } : {}),
    ...(sweepOn ? { sweepOn } : {}),
    derivedAt: new Date(options.at).toISOString(),
  };
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

/** The citizen's insurance from their stored facts, as `/status` derives it. */
export function insuranceFrom(
  records: readonly FactRecord[],
  citizenKey: string,
  context: { at: Instant; calendar: WorkingCalendar },
): InsuranceStatus {
  return (
    deriveStored(records, context).citizens.get(citizenKey)?.insurance ??
    insuranceStatus({ payments: [], at: context.at })
  );
}

export interface CoverageRefreshPorts {
  facts: Pick<FactStore, 'citizenFacts'>;
  chats: Pick<ChatStore, 'chatsOfCitizen' | 'saveCoverage'>;
  clock: Clock;
  calendar: WorkingCalendar;
}

const sameCoverage = (a: ChatCoverage | undefined, b: ChatCoverage) =>
  a !== undefined && a.coveredThrough === b.coveredThrough && a.sweepOn === b.sweepOn;

/**
 * A fact about the citizen changed (payment, conflict, resolution, backfill): every linked chat of theirs keeps the
 * coverage derived now. One `Query` for the chats; for a citizen with chats, one for the facts and a write per chat
 * whose coverage moved. Answers the facts it read (undefined when there was no chat), for the caller to reuse.
 */
export async function refreshCoverage(
  ports: CoverageRefreshPorts,
  citizenKey: string,
): Promise<{ chats: ChatRecord[]; records: FactRecord[]; at: Instant } | undefined> {
  const chats = await ports.chats.chatsOfCitizen(citizenKey);
  if (chats.length === 0) return undefined;
  const at = ports.clock.now();
  const records = await ports.facts.citizenFacts(citizenKey);
  const insurance = insuranceFrom(records, citizenKey, { at, calendar: ports.calendar });
  const handledThrough = addDays(kazakhstanDate(at), -1);
  for (const chat of chats) {
    const coverage = nextCoverage({ citizenKey, insurance, stored: chat.coverage, handledThrough, at });
    if (!sameCoverage(chat.coverage, coverage)) await ports.chats.saveCoverage(chat, coverage);
  }
  return { chats, records, at };
}

/**
 * One chat, derived afresh (a rule change): its coverage is saved when it moved. Its unhandled sweep day is kept while
 * the end date stays (see {@link nextCoverage}). Answers whether it wrote.
 */
export async function recomputeChat(
  ports: Omit<CoverageRefreshPorts, 'chats'> & { chats: Pick<ChatStore, 'saveCoverage'> },
  chat: ChatRecord,
): Promise<boolean> {
  const { citizenKey } = chat;
  if (citizenKey === undefined) return false;
  const at = ports.clock.now();
  const insurance = insuranceFrom(await ports.facts.citizenFacts(citizenKey), citizenKey, {
    at,
    calendar: ports.calendar,
  });
  const handledThrough = addDays(kazakhstanDate(at), -1);
  const coverage = nextCoverage({ citizenKey, insurance, stored: chat.coverage, handledThrough, at });
  if (sameCoverage(chat.coverage, coverage)) return false;
  return (await ports.chats.saveCoverage(chat, coverage)) === 'saved';
}

/**
 * What the stored coverage depends on besides facts: the insurance rule sets and this module's choice of days. The
 * daily reconciliation recomputes every linked chat once per fingerprint (docs/scheduling.md).
 */
export function coverageRulesFingerprint(): string {
  const inputs = { version: COVERAGE_SCHEDULE_VERSION, days: COVERAGE_REMINDER_DAYS, rules: INSURANCE_RULE_SETS };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}
