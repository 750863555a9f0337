import type { SQSRecord } from 'aws-lambda';
import { refreshCoverage } from '../../shared/app/coverage-sweep';
import { unlinkChatsOfOldPhone } from '../../shared/app/phone-of-record';
import { type PlannerPorts, planCaseChange, planPayment } from '../../shared/app/plan-case';
import type { DeadLetterSink, Telemetry } from '../../shared/app/ports';
import type { ChatStore } from '../../shared/app/ports/chat-store';
import { type ChangeMessage, parseChangeMessage } from '../../shared/contracts/internal';
import { rejectMessage } from './reject';

export interface PlannerDependencies extends PlannerPorts {
  chats: Pick<ChatStore, 'chatsOfCitizen' | 'putChat' | 'saveCoverage'>;
  deadLetters: DeadLetterSink;
  telemetry: Telemetry;
}

/** One change, to its use case; answers how many notifications (or unlinked chats) it queued. */
function planChange(deps: PlannerDependencies, change: ChangeMessage): Promise<number> {
  switch (change.kind) {
    case 'case_updated':
      return planCaseChange(deps, change);
    case 'payment_recorded':
      return planPayment(deps, change);
    case 'contact_recorded':
      return recheckCitizen(deps, change.citizenKey);
  }
}

/**
 * A new phone of record, or an operator's resolution of a citizen's conflict (`ops review resolve`): chats linked
 * by another phone are unlinked, and the coverage kept on the others is derived afresh.
 */
async function recheckCitizen(deps: PlannerDependencies, citizenKey: string): Promise<number> {
  const unlinked = await unlinkChatsOfOldPhone(deps, citizenKey, deps.clock.now());
  await refreshCoverage(deps, citizenKey);
  return unlinked;
}

/** Consumes the changes queue that ingest feeds: parse, plan, log. A bad message is dead-lettered with its reason. */
export function createPlanner(deps: PlannerDependencies) {
  return async (record: SQSRecord): Promise<void> => {
    const parsed = parseChangeMessage(record.body);
    if (!parsed.ok) return rejectMessage(deps, record, parsed, 'change message');
    const queued = await planChange(deps, parsed.value);
    deps.telemetry.info('change planned', { messageId: record.messageId, change: parsed.value.kind, queued });
  };
}
