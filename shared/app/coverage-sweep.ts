import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { COVERAGE_REMINDER_DAYS } from '../domain/coverage-notices';
import { nextSweepDay } from '../domain/coverage-schedule';
import { addDays, type Instant, type IsoDate, kazakhstanDate } from '../domain/dates';
import { type InsuranceStatus, insuranceStatus } from '../domain/insurance';
import { INSURANCE_RULE_SETS } from '../domain/rules/insurance-rules';
import type { FactRecord } from './fact-record';
import type { ChatCoverage, ChatRecord, ChatStore } from './ports/chat-store';
import type { Clock } from './ports/clock';
import type { FactStore } from './ports/fact-store';
import { deriveStored } from './views';

/** Bump when the way `nextCoverage` chooses days changes: the daily reconciliation then recomputes every chat. */
const COVERAGE_SCHEDULE_VERSION = 1;

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
