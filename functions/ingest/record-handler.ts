import type { SQSRecord } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';
import type { Identity } from '../../shared/adapters/identity';
import { changesOfConflict, changesOfFact, holdConclusionIfNeeded } from '../../shared/app/changes-of-fact';
import { toFactRecord } from '../../shared/app/fact-record';
import type { ChangeSink, DeadLetterSink, Telemetry } from '../../shared/app/ports';
import type { FactStore } from '../../shared/app/ports/fact-store';
import { METRIC, PRODUCER_DIMENSION } from '../../shared/contracts/environment';
import { parseUpstreamEventBody } from '../../shared/contracts/parse';
import { checkProducer, isBackfillQueue, type UpstreamQueueName } from '../../shared/contracts/producers';
import type { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import type { FactChange } from '../../shared/domain/changes';
import { parseInstant } from '../../shared/domain/dates';

/** How far ahead of our clock an event's `occurredAt` may be (a sender's clock skew, not a date in the future). */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/**
 * Telemetry with a DEBUG level for the per-event lines: at the deployed INFO level they cost a level check, not a
 * JSON line per event (the port has no `debug`, so it is optional here; without it the lines are not written).
 */
export type IngestTelemetry = Telemetry & {
  debug?(message: string, attributes?: Record<string, string | number | boolean>): void;
};

export interface IngestDependencies {
  store: FactStore;
  identity: Identity;
  changes: ChangeSink;
  deadLetters: DeadLetterSink;
  clock: Clock;
  calendar: WorkingCalendar;
  telemetry: IngestTelemetry;
  /** The upstream queue a record came from, by its `eventSourceARN`; undefined for a queue we do not know. */
  queueOf: (eventSourceArn: string | undefined) => UpstreamQueueName | undefined;
}

/** A message that can never succeed: to its DLQ at once with the reason, counted by reason and producer. */
async function reject(
  deps: IngestDependencies,
  record: SQSRecord,
  problem: { reason: string; category: string; producer: string },
): Promise<void> {
  await deps.deadLetters.send({ record, reason: problem.reason, category: problem.category });
  deps.telemetry.warn('message rejected and dead-lettered', { messageId: record.messageId, reason: problem.reason });
  deps.telemetry.count(METRIC.messagesRejected, { reason: problem.category, [PRODUCER_DIMENSION]: problem.producer });
}

/**
 * Takes one SQS message in (BRIEF 3). A message that can never succeed — invalid, or sent by a producer that may not
 * send that event type on that queue — goes to the dead-letter queue at once with its reason and stores nothing. A
 * conflicting version of a stored id is kept beside the others and freezes what it touches (docs/domain.md
 * "Conflicts"). Anything transient (a throttled write, an unreachable queue) throws, so SQS delivers the message again
 * and nothing is lost. Logs carry the message id, the event type and the reason, never the body.
 */
export function createIngestRecordHandler(deps: IngestDependencies) {
  const { telemetry } = deps;
  const handle = async (record: SQSRecord): Promise<void> => {
    const parsed = parseUpstreamEventBody(record.body);
    if (!parsed.ok) {
      const category = parsed.field.split('.').slice(0, 2).join('.');
      return reject(deps, record, { reason: parsed.reason, category, producer: 'unknown' });
    }
    const queue = deps.queueOf(record.eventSourceARN);
    const producer = queue
      ? checkProducer(queue, parsed.value.source, parsed.value.type)
      : ({
          ok: false,
          reason: 'source_not_allowed: the record came from a queue that carries no upstream events',
        } as const);
    if (!producer.ok) {
      return reject(deps, record, { reason: producer.reason, category: 'source_not_allowed', producer: 'unknown' });
    }
    // A single-valued fact is chosen by the latest `occurredAt`: a stamp far ahead of our clock would win forever.
    const occurred = parseInstant(parsed.value.occurredAt);
    if (occurred === undefined || occurred > deps.clock.now() + MAX_CLOCK_AHEAD_MS) {
      const reason = "occurredAt: is more than a day after the time it was received; check the sender's clock";
      return reject(deps, record, { reason, category: 'occurredAt', producer: producer.producer });
    }
    const fact = toFactRecord(parsed.value, deps.identity);
    const attributes = { messageId: record.messageId, eventType: fact.type, producer: producer.producer };
    const result = await deps.store.record(fact);
    const context = { facts: deps.store, at: deps.clock.now(), calendar: deps.calendar };
    // History through the backfill queue: plans follow it, nobody is told (issue 13 item 15).
    const publish = (changes: FactChange[]) =>
      deps.changes.publish(
        queue && isBackfillQueue(queue) ? changes.map((change) => ({ ...change, backfill: true })) : changes,
      );
    if (result.outcome === 'conflict') {
      // Kept, not dead-lettered: every version stays and what they touch waits for an operator (`ops review`).
      await publish(await changesOfConflict(context, fact));
      telemetry.warn('conflicting version kept; under review', { ...attributes, versions: result.versions });
      telemetry.count(result.known ? 'EventsDuplicate' : METRIC.reviewItemsOpened, {
        [PRODUCER_DIMENSION]: producer.producer,
      });
      return;
    }
    // Also on a duplicate: the first delivery may have stopped before handing its changes over.
    if (await holdConclusionIfNeeded(context, fact))
      telemetry.count('ConclusionsHeld', { [PRODUCER_DIMENSION]: producer.producer });
    await publish(await changesOfFact(context, fact));
    telemetry.debug?.(result.outcome === 'stored' ? 'event stored' : 'duplicate event ignored', attributes);
    telemetry.count(result.outcome === 'stored' ? 'EventsStored' : 'EventsDuplicate');
  };
  return async (record: SQSRecord): Promise<void> => {
    try {
      await handle(record);
    } catch (error) {
      // Only the error's name: SDK messages can quote request values.
      telemetry.error('message failed; SQS will deliver it again', {
        messageId: record.messageId,
        error: error instanceof Error ? error.name : 'unknown',
      });
      telemetry.count('MessagesRetried');
      throw error;
    }
  };
}
