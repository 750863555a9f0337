import type { SQSRecord } from 'aws-lambda';
import { type DeadLetterSink, rejectMessage, type Telemetry } from '../../shared/adapters/ports';
import type { OutboundQueue } from '../../shared/adapters/queues';
import { LINK_SHARDS } from '../../shared/adapters/store/chat-store';
import { citizenView } from '../../shared/adapters/store/read-model';
import type { OutboxMarkers } from '../../shared/adapters/store/work';
import { type DueWork, parseDueMessage } from '../../shared/contracts/internal';
import { stillWorthFiring } from '../../shared/domain/case-schedule';
import { addDays, kazakhstanDate } from '../../shared/domain/dates';
import type { ReturnToFundDueEvent } from '../../shared/domain/events';
import {
  coverageNotice,
  deadlinePassed,
  documentsReminder,
  type NotificationIntent,
  transferOverdue,
} from '../../shared/domain/notifications';
import { insuranceRulesOn, selfPaidMonthlyContributionTiyn } from '../../shared/domain/rules/insurance-rules';
import { currentCase, dueWorkOf, type NotifyDependencies, notifyCitizens, syncCaseSchedules } from './case-work';

export interface DueDependencies extends NotifyDependencies {
  outbound: OutboundQueue;
  outbox: OutboxMarkers;
  deadLetters: DeadLetterSink;
  telemetry: Telemetry;
  /** The source named in outbound events. */
  outboundSource: string;
}

/** How many days back the reconciliation sweep looks for schedules that never fired. */
export const RECONCILIATION_DAYS = 3;

/**
 * The return-to-fund order to the operator, exactly once: a marker is written first, the message sent, the marker
 * confirmed. A redelivery finds the confirmed marker and sends nothing; one that finds an unconfirmed marker sends
 * again, and the FIFO queue drops that resend by its event id (and the operator may de-duplicate by it as BRIEF 3 says).
 */
/** What `caseCheck` answers for a trigger whose moment has not come yet. */
const TOO_EARLY = -1;

async function orderReturnToFund(deps: DueDependencies, caseId: string) {
  const { status, citizenKeys } = await currentCase(deps, caseId);
  if (status?.returnToFundAt && !status.returned && deps.clock.now() < Date.parse(status.returnToFundAt))
    return TOO_EARLY;
  if (!status?.returnToFundDue || !status.creditedOn || !status.documentsDeadline || !status.returnToFundAt) return 0;
  const eventId = `return-due:${caseId}`;
  if (await deps.outbox.begin(eventId)) {
    const event: ReturnToFundDueEvent = {
      eventId,
      type: 'pension.return_to_fund.due',
      occurredAt: status.returnToFundAt,
      source: deps.outboundSource,
      schemaVersion: 1,
      data: {
        caseId,
        creditedOn: status.creditedOn,
        deadline: status.documentsDeadline,
        amountTiyn: status.amountTiyn ?? 0,
      },
    };
    await deps.outbound.returnToFundDue(event);
    await deps.outbox.confirm(eventId);
    deps.telemetry.count('ReturnToFundOrdered');
  }
  const intent = deadlinePassed(status);
  return notifyCitizens(deps, citizenKeys, intent ? [intent] : []);
}

async function caseCheck(deps: DueDependencies, work: Extract<DueWork, { caseId: string }>): Promise<number> {
  if (work.kind === 'return_to_fund') return orderReturnToFund(deps, work.caseId);
  const { status, citizenKeys } = await currentCase(deps, work.caseId);
  if (!status) return 0;
  let intent: NotificationIntent | undefined;
  if (work.kind === 'documents_reminder') {
    // Re-check against the plan as it is now: a schedule left over from an older plan must not speak.
    const planned = status.reminders.find((reminder) => reminder.workingDaysLeft === work.workingDaysLeft);
    const at = planned ? Date.parse(planned.at) : Number.NaN;
    const now = deps.clock.now();
    const onTime =
      planned !== undefined && at <= now + 60_000 && stillWorthFiring({ kind: 'documents_reminder', at }, now);
    intent = onTime ? documentsReminder(status, work.workingDaysLeft) : undefined;
  } else if (status.awaitingTransfer?.stage === work.stage) {
    intent = transferOverdue(status);
  }
  return notifyCitizens(deps, citizenKeys, intent ? [intent] : []);
}

async function coverageSweep(deps: DueDependencies, shard: number): Promise<number> {
  const now = deps.clock.now();
  const today = kazakhstanDate(now);
  const rules = insuranceRulesOn(today);
  let queued = 0;
  for await (const chat of deps.chats.linkedChats(shard)) {
    if (!chat.citizenKey || !chat.active || !chat.reminders.coverage) continue;
    const view = await citizenView(deps.facts, chat.citizenKey, { at: now, calendar: deps.calendar });
    const intent = coverageNotice({
      citizenKey: chat.citizenKey,
      insurance: view.insurance,
      today,
      monthlyAmountTiyn: selfPaidMonthlyContributionTiyn(today),
      restoreMaxMonths: rules.restoreMaxMonths,
    });
    if (intent) queued += await notifyCitizens(deps, [chat.citizenKey], [intent]);
  }
  return queued;
}

/** How many days ahead the daily re-plan looks: cases whose schedules fall in this window are planned afresh. */
export const REPLAN_DAYS = 14;

async function reconciliationSweep(deps: DueDependencies): Promise<number> {
  const now = deps.clock.now();
  const today = kazakhstanDate(now);
  // Re-plan the near future first, so a change of the calendar or the rules since the schedules were made (a new
  // ministry order, a corrected year file) moves them before they fire.
  const ahead = Array.from({ length: REPLAN_DAYS + 1 }, (_, i) => addDays(today, i));
  for (const caseId of await deps.book.casesScheduledOn(ahead)) {
    const { status } = await currentCase(deps, caseId);
    if (status) await syncCaseSchedules(deps, status);
  }
  const days = Array.from({ length: RECONCILIATION_DAYS + 1 }, (_, i) => addDays(today, -i));
  const missed = (await deps.book.unfired(days, now)).filter((record) => stillWorthFiring(record, now));
  await deps.due.enqueue(missed.map(dueWorkOf));
  if (missed.length > 0)
    deps.telemetry.warn('reconciliation fired schedules that never fired', { count: missed.length });
  deps.telemetry.count('SchedulesReconciled');
  return missed.length;
}

/**
 * Consumes the due queue: fired schedules and the daily sweeps. Every piece of work re-reads the case or the citizen
 * before it acts, so a stale or duplicated schedule can never send a wrong message or a second trigger.
 */
export function createDueHandler(deps: DueDependencies) {
  return async (record: SQSRecord): Promise<void> => {
    const parsed = parseDueMessage(record.body);
    if (!parsed.ok) return rejectMessage(deps, record, parsed, 'due message');
    const work = parsed.value.due;
    let result = 0;
    if (work.kind === 'coverage_sweep') {
      if (work.shard === undefined) {
        await deps.due.enqueue(
          Array.from({ length: LINK_SHARDS }, (_, shard) => ({ kind: 'coverage_sweep' as const, shard })),
        );
      } else result = await coverageSweep(deps, work.shard);
    } else if (work.kind === 'reconciliation_sweep') {
      result = await reconciliationSweep(deps);
    } else {
      result = await caseCheck(deps, work);
      // A trigger that ran before its moment (clock skew, a hand-made redrive) stays unfired, so the daily
      // reconciliation fires it again when it is really due.
      if (result !== TOO_EARLY) await deps.book.markFired(work.caseId, work.key, deps.clock.now());
    }
    deps.telemetry.info('due work done', { messageId: record.messageId, work: work.kind, result });
  };
}
