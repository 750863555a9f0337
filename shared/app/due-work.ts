import type { CaseDueWork, NotificationIntentOf } from '../contracts/internal';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { type IsoDate, kazakhstanDate } from '../domain/dates';
import { documentsReminder, type NotificationIntent, transferOverdue } from '../domain/notifications';
import type { CaseStatus } from '../domain/pension-case';
import { notifyChat, notifyCitizens } from './notify-citizens';
import { unlinkStaleChats } from './phone-of-record';
import { type SchedulingPorts, scheduleTiming } from './plan-case';
import type { OutboxMarkers, SweepQueue } from './ports';
import type { ChatStore } from './ports/chat-store';
import type { Clock } from './ports/clock';
import type { FactStore } from './ports/fact-store';
import {
  type CaseAtHand,
  type HoldReason,
  orderReturnToFund,
  type ReturnOrderPorts,
  type ReturnOrderResult,
  withdrawReturnOrder,
} from './return-order';
import { casesOfCitizen, caseWithParties, type ViewContext } from './views';

/** How many days back the reconciliation sweep looks for schedules that never fired (one part per day). */
export const RECONCILIATION_DAYS = 3;
/** How many days ahead the daily re-plan looks: cases whose schedules fall in this window are planned afresh. */
export const REPLAN_DAYS = 14;

export interface DuePorts extends SchedulingPorts, ReturnOrderPorts {
  facts: FactStore;
  chats: Pick<ChatStore, 'chatsOfCitizen' | 'getChat' | 'putChat' | 'coverageDue' | 'linkedPage' | 'saveCoverage'>;
  /** Where the daily sweeps' parts go (the due queue): shared/app/sweep-parts.ts. */
  sweeps: SweepQueue;
  outbox: OutboxMarkers;
  calendar: WorkingCalendar;
  clock: Clock;
}

/**
 * What a piece of due work did. A case schedule is marked fired only when `done`: one that came `early` (clock skew,
 * a hand-made redrive) or was `held` (an operator decides first: `HoldReason`) stays unfired, so the reconciliation
 * sweep or the re-plan after the review fires it again.
 */
export type DueResult =
  | { outcome: 'done'; notified: number; order?: ReturnOrderResult['outcome'] }
  | { outcome: 'early' }
  | { outcome: 'held'; reason: HoldReason };

const done = (notified: number): DueResult => ({ outcome: 'done', notified });

function viewOf(ports: DuePorts): ViewContext {
  return { facts: ports.facts, at: ports.clock.now(), calendar: ports.calendar };
}

function fromOrderStep(step: { result: ReturnOrderResult; notified: number }): DueResult {
  const { result } = step;
  if (result.outcome === 'early' || result.outcome === 'held') return result;
  return { outcome: 'done', notified: step.notified, order: result.outcome };
}

/** A documents reminder re-checked against the plan as it is now: a schedule left from an older plan stays silent. */
function reminderNow(
  status: CaseStatus,
  workingDaysLeft: number,
  now: number,
): NotificationIntent | 'early' | undefined {
  const planned = status.reminders.find((reminder) => reminder.workingDaysLeft === workingDaysLeft);
  if (!planned) return undefined;
  const timing = scheduleTiming({ kind: 'documents_reminder', at: Date.parse(planned.at) }, now);
  if (timing === 'early') return 'early';
  return timing === 'on_time' ? documentsReminder(status, workingDaysLeft) : undefined;
}

/** A fired case schedule: the case is derived once, here, and every check reads that one status. */
export async function checkCase(ports: DuePorts, work: CaseDueWork): Promise<DueResult> {
  const now = ports.clock.now();
  const { status, citizenKeys } = await caseWithParties(viewOf(ports), work.caseId);
  if (!status) return done(0);
  const at: CaseAtHand = { status, citizenKeys };
  switch (work.kind) {
    case 'return_to_fund':
      return fromOrderStep(await orderReturnToFund(ports, at, now));
    case 'documents_reminder': {
      const intent = reminderNow(status, work.workingDaysLeft, now);
      if (intent === 'early') return { outcome: 'early' };
      return done(await notifyCitizens(ports, citizenKeys, intent ? [intent] : []));
    }
    case 'transfer_overdue_check': {
      const intent = status.awaitingTransfer?.stage === work.stage ? transferOverdue(status) : undefined;
      return done(await notifyCitizens(ports, citizenKeys, intent ? [intent] : []));
    }
  }
}

/** The planner saw documents on a case whose order went out: withdraw it if the case, derived now, says so. */
export async function checkWithdrawal(ports: DuePorts, caseId: string): Promise<DueResult> {
  const { status, citizenKeys } = await caseWithParties(viewOf(ports), caseId);
  if (!status) return done(0);
  return fromOrderStep(await withdrawReturnOrder(ports, { status, citizenKeys }, ports.clock.now()));
}

/**
 * The documents reminder a chat gets when it comes back (issue 12 item 4), with the count as it is today: for a case
 * still waiting for documents before its deadline, not under review, once a reminder has fallen due (one may have
 * been skipped while the chat was unreachable). Keyed by case, chat and day, so it is sent once a day at most.
 */
export function returnedChatReminder(
  status: CaseStatus,
  now: number,
): NotificationIntentOf<'documents_reminder'> | undefined {
  const today: IsoDate = kazakhstanDate(now);
  const window = status.documentsWindow;
  const deadline = status.documentsDeadline;
  if (!window || !deadline || today > deadline || status.underReview || status.returnToFundDue) return undefined;
  if (!status.reminders.some((reminder) => Date.parse(reminder.at) <= now)) return undefined;
  return {
    kind: 'documents_reminder',
    subject: status.caseId,
    date: today,
    variant: 'chat-returned',
    params: {
      deadline,
      workingDaysLeft: window.leftWorkingDays,
      elapsed: window.elapsedWorkingDays,
      total: window.totalWorkingDays,
    },
  };
}

/**
 * A chat became reachable again: the reminders that still matter, for each case of its citizen, derived now. A chat
 * that was unreachable when the phone of record changed (so no index found it) is unlinked now instead.
 */
export async function remindReturnedChat(ports: DuePorts, chatId: number): Promise<DueResult> {
  const chat = await ports.chats.getChat(chatId);
  if (!chat?.active || chat.citizenKey === undefined) return done(0);
  const citizenKey = chat.citizenKey;
  const now = ports.clock.now();
  const unlinkedNow = await unlinkStaleChats(ports, citizenKey, [chat], now);
  if (unlinkedNow > 0) return done(unlinkedNow);
  const cases = await casesOfCitizen(viewOf(ports), citizenKey);
  const intents = cases.flatMap((status) => returnedChatReminder(status, now) ?? []);
  return done(await notifyChat(ports, { ...chat, citizenKey }, intents));
}
