import type { SQSRecord } from 'aws-lambda';
import { type DeadLetterSink, rejectMessage, type Telemetry } from '../../shared/adapters/ports';
import { toDomainEvent } from '../../shared/adapters/store/fact-record';
import { type ChangeMessage, parseChangeMessage } from '../../shared/contracts/internal';
import { isCaseChangeKind } from '../../shared/domain/changes';
import { derive } from '../../shared/domain/derive';
import { caseChangeNotifications, coverageRestored } from '../../shared/domain/notifications';
import { currentCase, type NotifyDependencies, notifyCitizens, syncCaseSchedules } from './case-work';

export interface PlannerDependencies extends NotifyDependencies {
  deadLetters: DeadLetterSink;
  telemetry: Telemetry;
}

async function planCase(deps: PlannerDependencies, change: Extract<ChangeMessage, { kind: 'case_updated' }>) {
  // The change says what happened; the plan is made from the case as it is *now*, so a late or reordered change can
  // never schedule from an outdated picture.
  const { status, citizenKeys } = await currentCase(deps, change.caseId);
  if (!status) return 0;
  await syncCaseSchedules(deps, status);
  const intents = caseChangeNotifications(change.changes.filter(isCaseChangeKind), status);
  return notifyCitizens(deps, citizenKeys.length > 0 ? citizenKeys : change.citizenKeys, intents);
}

/** "Welcome back" when a payment restores coverage — worked out only for citizens with a linked chat. */
async function planPayment(deps: PlannerDependencies, change: Extract<ChangeMessage, { kind: 'payment_recorded' }>) {
  if (!change.accepted) return 0;
  const chats = await deps.chats.chatsOfCitizen(change.citizenKey);
  if (chats.length === 0) return 0;
  const events = (await deps.facts.citizenFacts(change.citizenKey)).map(toDomainEvent);
  const at = deps.clock.now();
  const statusOf = (list: typeof events) =>
    derive({ events: list, at, calendar: deps.calendar }).citizens.get(change.citizenKey);
  const after = statusOf(events)?.insurance;
  const before = statusOf(events.filter((event) => `${event.source}#${event.eventId}` !== change.eventKey))?.insurance;
  if (!after || !before) return 0;
  const intent = coverageRestored({ citizenKey: change.citizenKey, before, after });
  return notifyCitizens(deps, [change.citizenKey], intent ? [intent] : []);
}

/** Consumes the changes queue that ingest feeds: keeps schedules in step with cases and queues immediate messages. */
export function createPlanner(deps: PlannerDependencies) {
  return async (record: SQSRecord): Promise<void> => {
    const parsed = parseChangeMessage(record.body);
    if (!parsed.ok) return rejectMessage(deps, record, parsed, 'change message');
    const change = parsed.value.change;
    let queued = 0;
    if (change.kind === 'case_updated') queued = await planCase(deps, change);
    else if (change.kind === 'payment_recorded') queued = await planPayment(deps, change);
    deps.telemetry.info('change planned', { messageId: record.messageId, change: change.kind, notifications: queued });
  };
}
