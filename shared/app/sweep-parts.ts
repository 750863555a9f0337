import type { SweepPart } from '../contracts/sweep';
import { dueCoverageNotice } from '../domain/coverage-schedule';
import { addDays, type Instant, type IsoDate, kazakhstanDate } from '../domain/dates';
import { coverageRulesFingerprint, insuranceFrom, nextCoverage, recomputeChat } from './coverage-sweep';
import { type DuePorts, RECONCILIATION_DAYS, REPLAN_DAYS } from './due-work';
import { notifyChat } from './notify-citizens';
import { dueWorkOf, scheduleTiming, syncCaseSchedules } from './plan-case';
import type { Page } from './ports';
import { type ChatRecord, LINK_SHARDS } from './ports/chat-store';
import { caseWithParties } from './views';

/**
 * Items one sweep part reads at most. A coverage chat costs one `Query` of the citizen's facts, the derivation and one
 * `UpdateItem` (~10 ms on DynamoDB Local); a case its derivation and schedule sync. Parts finish in seconds, far
 * inside the due worker's timeout, whatever the number of chats or cases.
 */
export const SWEEP_PAGE = { chats: 200, cases: 50, schedules: 200 } as const;

/** What a part did: notifications queued, items read, and whether it queued its continuation. */
export interface PartResult {
  notified: number;
  read: number;
  continued: boolean;
}

/** Why a part is never acted on (a forged, misrouted or stale part): the field and a reason naming it, not its value. */
export interface PartRefusal {
  field: string;
  reason: string;
}

export type PartOutcome = ({ outcome: 'done' } & PartResult) | ({ outcome: 'refused' } & PartRefusal);

/**
 * How old a coverage part's day may be: parts are made for today at 10:00, so a retry after midnight or a DLQ redrive
 * within the week still runs; an older one is stale, and the next morning's sweep covers its chats anyway.
 */
export const COVERAGE_PART_MAX_AGE_DAYS = 7;

/**
 * A coverage part's day must be today or at most {@link COVERAGE_PART_MAX_AGE_DAYS} days ago (Kazakhstan date of the
 * clock). A part from the future — forged, or misrouted onto the due queue — would mark its chats handled through that
 * day and silence their reminders until then, so it is refused, never acted on.
 */
export function refuseSweepPart(part: SweepPart, at: Instant): PartRefusal | undefined {
  if (part.kind !== 'coverage_due') return undefined;
  const today = kazakhstanDate(at);
  if (part.day > today) {
    return {
      field: 'sweep.day',
      reason: 'sweep.day: is after today (Kazakhstan date); a sweep part is made for today',
    };
  }
  if (part.day < addDays(today, -COVERAGE_PART_MAX_AGE_DAYS)) {
    return {
      field: 'sweep.day',
      reason: `sweep.day: is more than ${COVERAGE_PART_MAX_AGE_DAYS} days ago (Kazakhstan date); the part is stale`,
    };
  }
  return undefined;
}

const allShards = () => Array.from({ length: LINK_SHARDS }, (_, shard) => shard);

/** The morning coverage sweep (10:00): one part per shard, today's date fixed in it, or one shard when named. */
export async function startCoverageSweep(ports: DuePorts, shard?: number): Promise<number> {
  const day = kazakhstanDate(ports.clock.now());
  const shards = shard === undefined ? allShards() : [shard];
  await ports.sweeps.enqueue(shards.map((n) => ({ kind: 'coverage_due', day, shard: n })));
  return shards.length;
}

/**
 * The daily reconciliation (06:00): a re-plan part per day of the next {@link REPLAN_DAYS} days, a part per day of the
 * last {@link RECONCILIATION_DAYS} days for schedules that never fired, and — once per coverage rules fingerprint —
 * the recompute of every linked chat's coverage (a deploy that changed the rules). Answers how many parts it queued.
 */
export async function startReconciliation(ports: DuePorts): Promise<{ parts: number; recompute: boolean }> {
  const now = ports.clock.now();
  const today = kazakhstanDate(now);
  const parts: SweepPart[] = [
    ...Array.from({ length: REPLAN_DAYS + 1 }, (_, i) => ({
      kind: 'cases_replan' as const,
      from: today,
      day: addDays(today, i),
    })),
    ...Array.from({ length: RECONCILIATION_DAYS + 1 }, (_, i) => ({
      kind: 'cases_unfired' as const,
      day: addDays(today, -i),
      through: now,
    })),
  ];
  await ports.sweeps.enqueue(parts);
  const marker = `coverage-rules:${coverageRulesFingerprint()}`;
  if ((await ports.outbox.begin(marker)) === 'already_sent') return { parts: parts.length, recompute: false };
  await ports.sweeps.enqueue([{ kind: 'coverage_recompute' }]);
  await ports.outbox.confirm(marker);
  return { parts: parts.length + 1, recompute: true };
}

/**
 * One chat due in the coverage sweep: the citizen derived now, the reminder due re-checked against it (a citizen who
 * paid since gets none), sent to this chat only, then the chat's next sweep day saved. Notified before saved: a crash
 * in between sends the same notification id again, which the ledger delivers once.
 */
async function sweepChat(ports: DuePorts, chat: ChatRecord): Promise<number> {
  const { citizenKey } = chat;
  if (citizenKey === undefined) return 0;
  const at: Instant = ports.clock.now();
  const insurance = insuranceFrom(await ports.facts.citizenFacts(citizenKey), citizenKey, {
    at,
    calendar: ports.calendar,
  });
  const today = kazakhstanDate(at);
  // A chat whose coverage was never derived is not owed reminders from before: it starts today.
  const sweepOn = chat.coverage === undefined ? today : chat.coverage.sweepOn;
  const intent = chat.reminders.coverage ? dueCoverageNotice({ citizenKey, insurance, sweepOn, today }) : undefined;
  const notified = intent ? await notifyChat(ports, { ...chat, citizenKey }, [intent]) : 0;
  // Handled through today, never through the part's day: only the clock says what has been handled.
  await ports.chats.saveCoverage(
    chat,
    nextCoverage({ citizenKey, insurance, stored: undefined, handledThrough: today, at }),
  );
  return notified;
}

/**
 * A case on `day` is re-planned by the part of its earliest schedule day in the window (from `from`), so a case with
 * four reminders and an order is derived once per run, not five times.
 */
async function replanCase(ports: DuePorts, caseId: string, part: { from: IsoDate; day: IsoDate }): Promise<boolean> {
  const existing = await ports.book.ofCase(caseId);
  const days = existing.map((record) => kazakhstanDate(record.at)).filter((day) => day >= part.from);
  if (days.some((day) => day < part.day)) return false;
  const { status } = await caseWithParties(
    { facts: ports.facts, at: ports.clock.now(), calendar: ports.calendar },
    caseId,
  );
  if (status) await syncCaseSchedules(ports, status, existing);
  return status !== undefined;
}

async function continued<T>(ports: DuePorts, part: SweepPart, page: Page<T>, notified: number): Promise<PartOutcome> {
  if (page.next) await ports.sweeps.enqueue([{ ...part, after: page.next }]);
  return { outcome: 'done', notified, read: page.items.length, continued: page.next !== undefined };
}

/**
 * One part of a sweep: one page, then its continuation queued as a new part. Every part is idempotent — a retried part
 * re-reads its page and finds the work done (notification ids, saved coverage, schedule names) — so SQS retries a
 * failed or timed-out part alone, and no invocation has a ceiling. A part {@link refuseSweepPart} refuses reads and
 * writes nothing: the outcome says why, for the dead-letter queue.
 */
export async function runSweepPart(ports: DuePorts, part: SweepPart): Promise<PartOutcome> {
  const refusal = refuseSweepPart(part, ports.clock.now());
  if (refusal) return { outcome: 'refused', ...refusal };
  switch (part.kind) {
    case 'coverage_due': {
      const page = await ports.chats.coverageDue(part.shard, part.day, { after: part.after, limit: SWEEP_PAGE.chats });
      let notified = 0;
      for (const chat of page.items) notified += await sweepChat(ports, chat);
      return continued(ports, part, page, notified);
    }
    case 'coverage_recompute': {
      if (part.shard === undefined) {
        await ports.sweeps.enqueue(allShards().map((shard) => ({ kind: 'coverage_recompute', shard })));
        return { outcome: 'done', notified: 0, read: 0, continued: true };
      }
      const page = await ports.chats.linkedPage(part.shard, { after: part.after, limit: SWEEP_PAGE.chats });
      for (const chat of page.items) await recomputeChat(ports, chat);
      return continued(ports, part, page, 0);
    }
    case 'cases_replan': {
      const page = await ports.book.onDay(part.day, { after: part.after, limit: SWEEP_PAGE.cases });
      for (const caseId of new Set(page.items.map((record) => record.caseId))) await replanCase(ports, caseId, part);
      return continued(ports, part, page, 0);
    }
    case 'cases_unfired': {
      const page = await ports.book.unfiredOn(part.day, part.through, {
        after: part.after,
        limit: SWEEP_PAGE.schedules,
      });
      const now = ports.clock.now();
      // Past work from history still waiting for the rest of it (`notBefore`) is not fired early.
      const missed = page.items.filter(
        (record) =>
          scheduleTiming(record, now) === 'on_time' && !(record.notBefore !== undefined && record.notBefore > now),
      );
      await ports.due.enqueue(missed.map(dueWorkOf));
      return continued(ports, part, { items: missed, ...(page.next ? { next: page.next } : {}) }, 0);
    }
  }
}
