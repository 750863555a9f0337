import type { Clock } from '../../shared/adapters/clock';
import type { DueQueue, NotifyQueue } from '../../shared/adapters/queues';
import { caseScheduleName, type Scheduler } from '../../shared/adapters/scheduler/scheduler';
import type { ChatStore } from '../../shared/adapters/store/chat-store';
import type { FactStore } from '../../shared/adapters/store/fact-store';
import { caseFactRecords, casePartiesOf, caseStatusFrom } from '../../shared/adapters/store/read-model';
import type { ScheduleBook } from '../../shared/adapters/store/work';
import type { DueWork, NotificationMessage } from '../../shared/contracts/internal';
import type { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import { caseSchedules, type PlannedCaseSchedule, stillWorthFiring } from '../../shared/domain/case-schedule';
import { type NotificationIntent, notificationId, TOPIC_OF } from '../../shared/domain/notifications';
import type { CaseStatus } from '../../shared/domain/pension-case';

/** What the planner, the due handler and the sweeps share: the stores, the queues, the scheduler and the clock. */
export interface NotifyDependencies {
  facts: FactStore;
  chats: ChatStore;
  book: ScheduleBook;
  scheduler: Scheduler;
  due: DueQueue;
  notify: NotifyQueue;
  clock: Clock;
  calendar: WorkingCalendar;
}

export function dueWorkOf(schedule: PlannedCaseSchedule): DueWork {
  switch (schedule.kind) {
    case 'documents_reminder':
      return {
        kind: 'documents_reminder',
        caseId: schedule.caseId,
        key: schedule.key,
        workingDaysLeft: schedule.workingDaysLeft ?? 0,
      };
    case 'return_to_fund':
      return { kind: 'return_to_fund', caseId: schedule.caseId, key: schedule.key };
    case 'transfer_overdue_check':
      return { kind: 'transfer_overdue_check', caseId: schedule.caseId, key: schedule.key, stage: schedule.stage ?? 1 };
  }
}

/** The case as it is now, from stored facts, and who it concerns (applicant and patient). */
export async function currentCase(deps: NotifyDependencies, caseId: string) {
  const records = await caseFactRecords(deps.facts, caseId);
  const status = caseStatusFrom(records, caseId, { at: deps.clock.now(), calendar: deps.calendar });
  return { status, citizenKeys: casePartiesOf(records) };
}

/**
 * Makes the case's schedules match its plan: new or moved ones are put (a deterministic name makes a retry harmless),
 * obsolete ones deleted, and ones whose moment already passed go straight to the due queue. The schedule is made
 * before its record, and deleted before its record, so a crash in between is mended by the redelivery.
 */
export async function syncCaseSchedules(deps: NotifyDependencies, status: CaseStatus): Promise<void> {
  const now = deps.clock.now();
  const desired = caseSchedules(status).filter((schedule) => stillWorthFiring(schedule, now));
  const existing = new Map((await deps.book.ofCase(status.caseId)).map((record) => [record.key, record]));
  for (const schedule of desired) {
    const name = caseScheduleName(status.caseId, schedule.key);
    const record = existing.get(schedule.key);
    existing.delete(schedule.key);
    if (record && record.at === schedule.at) continue;
    const work = dueWorkOf(schedule);
    if (schedule.at <= now) await deps.due.enqueue([work]);
    else await deps.scheduler.put({ name, at: schedule.at, target: 'due', payload: { schemaVersion: 1, due: work } });
    await deps.book.put({ ...schedule, name });
  }
  for (const obsolete of existing.values()) {
    await deps.scheduler.delete(obsolete.name);
    await deps.book.remove(status.caseId, obsolete.key);
  }
}

/** Queues each intent for every linked, active chat of the citizens that has that topic's reminders on. */
export async function notifyCitizens(
  deps: Pick<NotifyDependencies, 'chats' | 'notify'>,
  citizenKeys: readonly string[],
  intents: readonly NotificationIntent[],
): Promise<number> {
  if (intents.length === 0) return 0;
  const messages: NotificationMessage[] = [];
  for (const citizenKey of citizenKeys) {
    for (const chat of await deps.chats.chatsOfCitizen(citizenKey)) {
      for (const intent of intents) {
        if (!chat.active || !chat.reminders[TOPIC_OF[intent.kind]]) continue;
        messages.push({
          id: notificationId(intent, chat.chatId),
          chatId: chat.chatId,
          citizenKey,
          kind: intent.kind,
          params: intent.params,
        });
      }
    }
  }
  await deps.notify.enqueue(messages);
  return messages.length;
}
