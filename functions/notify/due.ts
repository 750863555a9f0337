import type { SQSRecord } from 'aws-lambda';
import {
  checkCase,
  checkWithdrawal,
  coverageSweep,
  type DuePorts,
  type DueResult,
  reconciliationSweep,
  remindReturnedChat,
} from '../../shared/app/due-work';
import type { DeadLetterSink, Telemetry } from '../../shared/app/ports';
import { openReviewItems } from '../../shared/app/review';
import { METRIC } from '../../shared/contracts/environment';
import { type DueWork, parseDueMessage } from '../../shared/contracts/internal';
import { rejectMessage } from './reject';

export interface DueDependencies extends DuePorts {
  deadLetters: DeadLetterSink;
  telemetry: Telemetry;
}

async function doWork(deps: DueDependencies, work: DueWork): Promise<DueResult> {
  switch (work.kind) {
    case 'coverage_sweep':
      return coverageSweep(deps, work.shard);
    case 'reconciliation_sweep': {
      const fired = await reconciliationSweep(deps);
      if (fired > 0) deps.telemetry.warn('reconciliation fired schedules that never fired', { count: fired });
      deps.telemetry.count('SchedulesReconciled');
      // Daily, the level the ReviewItemsOpen alarm watches: conflicts waiting for an operator (`ops review`).
      deps.telemetry.gauge?.(METRIC.reviewItemsOpen, (await openReviewItems(deps.facts)).length);
      return { outcome: 'done', notified: 0 };
    }
    case 'return_withdrawal_check':
      return checkWithdrawal(deps, work.caseId);
    case 'chat_returned':
      return remindReturnedChat(deps, work.chatId);
    default: {
      const result = await checkCase(deps, work);
      // Only work that acted is marked fired: an early or held trigger fires again (reconciliation, re-plan).
      if (result.outcome === 'done') await deps.book.markFired(work.caseId, work.key, deps.clock.now());
      return result;
    }
  }
}

function answer(deps: DueDependencies, record: SQSRecord, work: DueWork, result: DueResult): void {
  if (result.outcome === 'done' && result.order === 'sent') {
    deps.telemetry.count(work.kind === 'return_withdrawal_check' ? 'ReturnOrderWithdrawn' : 'ReturnToFundOrdered');
  }
  if (result.outcome === 'held') deps.telemetry.count('ReturnOrdersHeld', { reason: result.reason });
  deps.telemetry.info('due work done', {
    messageId: record.messageId,
    work: work.kind,
    outcome: result.outcome,
    notified: result.outcome === 'done' ? result.notified : 0,
  });
}

/**
 * Consumes the due queue: fired schedules, the daily sweeps, withdrawal checks and returning chats. Every piece of
 * work re-reads the case or the citizen before it acts (shared/app/due-work.ts), so a stale or duplicated schedule
 * can never send a wrong message or a second order. Only this handler sends to the operator's queue.
 */
export function createDueHandler(deps: DueDependencies) {
  return async (record: SQSRecord): Promise<void> => {
    const parsed = parseDueMessage(record.body);
    if (!parsed.ok) return rejectMessage(deps, record, parsed, 'due message');
    answer(deps, record, parsed.value, await doWork(deps, parsed.value));
  };
}
