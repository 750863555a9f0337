import type { SQSRecord } from 'aws-lambda';
import { InvalidContinuationError } from '../../shared/adapters/dynamodb/query-all';
import {
  checkCase,
  checkWithdrawal,
  type DuePorts,
  type DueResult,
  remindReturnedChat,
} from '../../shared/app/due-work';
import type { DeadLetterSink, Telemetry } from '../../shared/app/ports';
import { openReviewItems } from '../../shared/app/review';
import { runSweepPart, startCoverageSweep, startReconciliation } from '../../shared/app/sweep-parts';
import { METRIC } from '../../shared/contracts/environment';
import { type DueWork, parseDueMessage } from '../../shared/contracts/internal';
import { isSweepBody, parseSweepMessage, type SweepPart } from '../../shared/contracts/sweep';
import { rejectMessage } from './reject';

export interface DueDependencies extends DuePorts {
  deadLetters: DeadLetterSink;
  telemetry: Telemetry;
}

async function doWork(deps: DueDependencies, work: DueWork): Promise<DueResult> {
  switch (work.kind) {
    case 'coverage_sweep':
      await startCoverageSweep(deps, work.shard);
      return { outcome: 'done', notified: 0 };
    case 'reconciliation_sweep': {
      const { recompute } = await startReconciliation(deps);
      if (recompute) deps.telemetry.info('coverage rules changed: every linked chat is recomputed');
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

/** A continuation the store did not make can never be read: retrying the part only delays its dead letter. */
const INVALID_CONTINUATION = {
  field: 'sweep.after',
  reason: 'sweep.after: is not a continuation this store made; the part can never succeed',
};

/** The part's outcome, or why it can never succeed (a refused part, an unreadable continuation). */
async function outcomeOf(deps: DueDependencies, part: SweepPart) {
  try {
    return await runSweepPart(deps, part);
  } catch (error) {
    if (error instanceof InvalidContinuationError) return { outcome: 'refused' as const, ...INVALID_CONTINUATION };
    throw error;
  }
}

/**
 * One sweep part (shared/app/sweep-parts.ts): a page, then its continuation; a failure retries this part alone. A part
 * that can never succeed is dead-lettered at once with the reason, and the rest of the batch goes on.
 */
async function doPart(deps: DueDependencies, record: SQSRecord, part: SweepPart): Promise<void> {
  const result = await outcomeOf(deps, part);
  if (result.outcome === 'refused') return rejectMessage(deps, record, result, 'sweep part');
  // Missed schedules found by reconciliation: a lost schedule is worth a look.
  if (part.kind === 'cases_unfired' && result.read > 0) {
    deps.telemetry.warn('reconciliation fired schedules that never fired', { count: result.read });
  }
  deps.telemetry.count('SweepParts', { part: part.kind });
  deps.telemetry.info('sweep part done', {
    messageId: record.messageId,
    part: part.kind,
    read: result.read,
    notified: result.notified,
    continued: result.continued,
  });
}

/**
 * Consumes the due queue: fired schedules, the daily sweeps and their parts, withdrawal checks and returning chats.
 * Every piece of work re-reads the case or the citizen before it acts (shared/app/due-work.ts), so a stale or
 * duplicated schedule can never send a wrong message or a second order. Only this handler sends to the operator's queue.
 */
export function createDueHandler(deps: DueDependencies) {
  return async (record: SQSRecord): Promise<void> => {
    if (isSweepBody(record.body)) {
      const part = parseSweepMessage(record.body);
      if (!part.ok) return rejectMessage(deps, record, part, 'sweep part');
      return doPart(deps, record, part.value);
    }
    const parsed = parseDueMessage(record.body);
    if (!parsed.ok) return rejectMessage(deps, record, parsed, 'due message');
    answer(deps, record, parsed.value, await doWork(deps, parsed.value));
  };
}
