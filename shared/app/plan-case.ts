import { type CaseDueWork, type ChangeMessage, encodeDueMessage } from '../contracts/internal';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { caseSchedules, type PlannedCaseSchedule, stillWorthFiring } from '../domain/case-schedule';
import { coverageRestored } from '../domain/coverage-notices';
import { addDays, type Instant, kazakhstanDate } from '../domain/dates';
import { caseChangeNotifications } from '../domain/notifications';
import type { CaseStatus } from '../domain/pension-case';
import { refreshCoverage } from './coverage-sweep';
import { type NotifyCitizensPorts, notifyCitizens } from './notify-citizens';
import type { CaseScheduleRecord, DueQueue, OutboxMarkers, ScheduleBook, Scheduler } from './ports';
import type { ChatStore } from './ports/chat-store';
import type { Clock } from './ports/clock';
import type { FactStore } from './ports/fact-store';
import { needsWithdrawalCheck } from './return-order';
import { caseScheduleName } from './schedule-names';
import { caseWithParties, deriveStored, type ViewContext } from './views';

/** Where a schedule's moment stands: not yet (clock skew, a hand-made redrive), on time, or too late to speak. */
export type ScheduleTiming = 'early' | 'on_time' | 'stale';

/** A reminder may fire this much before its minute (EventBridge fires within it); triggers never fire early. */
export const REMINDER_EARLY_MS = 60_000;

/**
 * The one on-time rule for case schedules. Triggers and checks act whenever their moment has come (they re-check the
 * case anyway); a documents reminder more than {@link stillWorthFiring}'s window late is stale: it would tell an
 * outdated count.
 */
export function scheduleTiming(schedule: Pick<PlannedCaseSchedule, 'kind' | 'at'>, now: Instant): ScheduleTiming {
  const tolerance = schedule.kind === 'documents_reminder' ? REMINDER_EARLY_MS : 0;
  if (now + tolerance < schedule.at) return 'early';
  return stillWorthFiring(schedule, now) ? 'on_time' : 'stale';
}

/** The due-queue work a case schedule fires. */
export function dueWorkOf(schedule: PlannedCaseSchedule): CaseDueWork {
  const { caseId, key } = schedule;
  switch (schedule.kind) {
    case 'documents_reminder':
      return { kind: 'documents_reminder', caseId, key, workingDaysLeft: schedule.workingDaysLeft ?? 0 };
    case 'return_to_fund':
      return { kind: 'return_to_fund', caseId, key };
    case 'transfer_overdue_check':
      return { kind: 'transfer_overdue_check', caseId, key, stage: schedule.stage ?? 1 };
  }
}

export interface SchedulingPorts {
  book: ScheduleBook;
  scheduler: Scheduler;
  due: DueQueue;
  clock: Clock;
}

/**
 * Makes the case's schedules match its plan: new or moved ones are put (a deterministic name makes a retry harmless),
 * obsolete ones deleted, and ones whose moment already passed go straight to the due queue — also one that fired and
 * was held or early (never marked fired), so a re-plan after a review resolves acts on it. The schedule is made before
 * its record, and deleted before its record, so a crash in between is mended by the redelivery.
 */
/**
 * When past work planned from history may fire: a new history fact moves the wait to `now + deferPastBy`; otherwise a
 * wait already recorded holds, whatever re-plans the case meanwhile.
 */
function deferredUntil(
  schedule: PlannedCaseSchedule,
  record: CaseScheduleRecord | undefined,
  now: number,
  deferPastBy: number,
): number | undefined {
  if (schedule.at > now) return undefined;
  if (deferPastBy > 0) return now + deferPastBy;
  return record?.notBefore !== undefined && record.notBefore > now ? record.notBefore : undefined;
}

export async function syncCaseSchedules(
  ports: SchedulingPorts,
  status: CaseStatus,
  /** The case's schedule records when the caller has just read them (the reconciliation's re-plan part). */
  records?: readonly CaseScheduleRecord[],
  /** History (backfill): work whose moment has passed waits this long for the rest of the history, see below. */
  deferPastBy = 0,
): Promise<void> {
  const now = ports.clock.now();
  const desired = caseSchedules(status).filter((schedule) => scheduleTiming(schedule, now) !== 'stale');
  const existing = new Map((records ?? (await ports.book.ofCase(status.caseId))).map((record) => [record.key, record]));
  for (const schedule of desired) {
    const name = caseScheduleName(status.caseId, schedule.key);
    const record = existing.get(schedule.key);
    existing.delete(schedule.key);
    const unchanged = record !== undefined && record.at === schedule.at;
    if (unchanged && (record.firedAt !== undefined || schedule.at > now)) continue;
    const work = dueWorkOf(schedule);
    const notBefore = deferredUntil(schedule, record, now, deferPastBy);
    const at = notBefore ?? schedule.at;
    if (at <= now) await ports.due.enqueue([work]);
    else await ports.scheduler.put({ name, at, target: 'due', body: encodeDueMessage(work) });
    if (!unchanged || notBefore !== record.notBefore) {
      await ports.book.put({ ...schedule, name, ...(notBefore === undefined ? {} : { notBefore }) });
    }
  }
  for (const obsolete of existing.values()) {
    await ports.scheduler.delete(obsolete.name);
    await ports.book.remove(status.caseId, obsolete.key);
  }
}

/**
 * A history load arrives in many batches, so a case's later facts (the clinic payment that answers a transfer check,
 * documents that stop a return order) may still be on their way when an earlier batch is planned. Work whose moment
 * has already passed therefore waits six hours after the case's latest history fact instead of firing at once; each
 * further history fact of the case moves it again, and the due handler re-checks the case when it fires.
 */
export const BACKFILL_SETTLE_MS = 6 * 60 * 60 * 1000;

export interface PlannerPorts extends SchedulingPorts, NotifyCitizensPorts {
  facts: FactStore;
  chats: Pick<ChatStore, 'chatsOfCitizen' | 'saveCoverage'>;
  outbox: Pick<OutboxMarkers, 'state'>;
  calendar: WorkingCalendar;
}

const viewOf = (ports: PlannerPorts): ViewContext => ({
  facts: ports.facts,
  at: ports.clock.now(),
  calendar: ports.calendar,
});

/**
 * A case changed: its schedules follow its plan, the citizens are told what happened, and a case whose return order
 * went out and that now has documents in time gets a withdrawal check (only the due handler talks to the operator).
 * The change says what happened; everything else comes from the case as it is *now*, derived once, so a late or
 * reordered change can never plan from an outdated picture.
 */
export async function planCaseChange(
  ports: PlannerPorts,
  change: Extract<ChangeMessage, { kind: 'case_updated' }>,
): Promise<number> {
  const { status, citizenKeys } = await caseWithParties(viewOf(ports), change.caseId);
  if (!status) return 0;
  await syncCaseSchedules(ports, status, undefined, change.backfill ? BACKFILL_SETTLE_MS : 0);
  if (await needsWithdrawalCheck(ports, status)) {
    await ports.due.enqueue([{ kind: 'return_withdrawal_check', caseId: status.caseId }]);
  }
  // History from the backfill queue plans the case (reminders still ahead, the order) but announces nothing.
  if (change.backfill) return 0;
  // A re-plan (an operator's resolution ends a review) may release documents that came in while the case was under
  // review: their good news is told now. Told before, it has the same id and goes nowhere twice.
  const released = change.changes.includes('plan_changed') && status.documentsReceived !== null;
  const changes = released ? [...change.changes, 'documents_received' as const] : change.changes;
  const intents = caseChangeNotifications(changes, status);
  return notifyCitizens(ports, citizenKeys.length > 0 ? citizenKeys : change.citizenKeys, intents);
}

/**
 * A payment made longer ago than this is history arriving (a bulk load, a backlog), not news: it never says "welcome
 * back". Taking one fact out of a history makes an artificial gap there, which would look like arrears it completed.
 */
export const RESTORED_NEWS_DAYS = 31;

/**
 * A payment (any: accepted, rejected, a conflicting version, history from the backfill) keeps the coverage on the
 * citizen's linked chats current (shared/app/coverage-sweep.ts), and "welcome back" goes out when a recent payment
 * restores coverage: the citizen with and without this very fact, both from stored facts (so a redelivery says the
 * same). Worked out only for citizens with a linked chat (one `Query` for the others).
 */
export async function planPayment(
  ports: PlannerPorts,
  change: Extract<ChangeMessage, { kind: 'payment_recorded' }>,
): Promise<number> {
  const refreshed = await refreshCoverage(ports, change.citizenKey);
  if (!refreshed || !change.accepted || change.backfill) return 0;
  const { records } = refreshed;
  const view = { ...viewOf(ports), at: refreshed.at };
  const payment = records.find((record) => record.eventKey === change.eventKey);
  const paidOn = payment?.type === 'osms.payment' ? payment.data.paidOn : undefined;
  if (paidOn === undefined || paidOn < addDays(kazakhstanDate(view.at), -RESTORED_NEWS_DAYS)) return 0;
  const insuranceOf = (list: typeof records) => deriveStored(list, view).citizens.get(change.citizenKey)?.insurance;
  const after = insuranceOf(records);
  const before = insuranceOf(records.filter((record) => record.eventKey !== change.eventKey));
  if (!after || !before) return 0;
  const intent = coverageRestored({ citizenKey: change.citizenKey, before, after });
  return notifyCitizens(ports, [change.citizenKey], intent ? [intent] : []);
}
