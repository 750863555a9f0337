import type { SQSRecord } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';
import type { Identity } from '../../shared/adapters/identity';
import type { ChangeSink, DeadLetterSink, Telemetry } from '../../shared/adapters/ports';
import { type FactRecord, toFactRecord } from '../../shared/adapters/store/fact-record';
import type { FactStore } from '../../shared/adapters/store/fact-store';
import { caseFactRecords, casePartiesOf, caseStatusFrom } from '../../shared/adapters/store/read-model';
import { parseUpstreamEventBody, scrubDigits } from '../../shared/contracts/parse';
import type { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import { caseChanges, type FactChange } from '../../shared/domain/changes';

export interface IngestDependencies {
  store: FactStore;
  identity: Identity;
  changes: ChangeSink;
  deadLetters: DeadLetterSink;
  clock: Clock;
  calendar: WorkingCalendar;
  telemetry: Telemetry;
}

/** The cases one fact may change: its own case, or for a case-less ДКК conclusion every case of its patient. */
async function affectedCases(store: FactStore, fact: FactRecord): Promise<string[]> {
  if (typeof fact.data.caseId === 'string') return [fact.data.caseId];
  if (fact.type === 'dkk.conclusion.issued') return store.casesOf(String(fact.data.patientKey));
  return [];
}

async function changesOf(fact: FactRecord, deps: IngestDependencies): Promise<FactChange[]> {
  if (fact.type === 'osms.payment') {
    const { citizenKey, period, status } = fact.data;
    return [
      {
        kind: 'payment_recorded',
        citizenKey: String(citizenKey),
        period: String(period),
        accepted: status === 'accepted',
        eventKey: fact.eventKey,
      },
    ];
  }
  if (fact.type === 'citizen.contact') return [{ kind: 'contact_recorded', citizenKey: String(fact.data.citizenKey) }];
  const at = deps.clock.now();
  const changes: FactChange[] = [];
  for (const caseId of await affectedCases(deps.store, fact)) {
    const facts = await caseFactRecords(deps.store, caseId);
    const withFact = facts.some((f) => f.eventKey === fact.eventKey) ? facts : [...facts, fact];
    const statusOf = (records: FactRecord[]) => caseStatusFrom(records, caseId, { at, calendar: deps.calendar });
    const after = statusOf(withFact);
    if (!after) continue;
    const citizenKeys = casePartiesOf(withFact);
    const kinds = caseChanges(statusOf(withFact.filter((f) => f.eventKey !== fact.eventKey)), after);
    if (kinds.length > 0) changes.push({ kind: 'case_updated', caseId, citizenKeys, changes: kinds, after });
  }
  return changes;
}

/** After a conflict took a stored fact out of every view: the affected cases as they now are, to re-plan. */
async function replanAfterConflict(fact: FactRecord, deps: IngestDependencies): Promise<FactChange[]> {
  const changes: FactChange[] = [];
  for (const caseId of await affectedCases(deps.store, fact)) {
    const facts = await caseFactRecords(deps.store, caseId);
    const after = caseStatusFrom(facts, caseId, { at: deps.clock.now(), calendar: deps.calendar });
    if (!after) continue;
    changes.push({ kind: 'case_updated', caseId, citizenKeys: casePartiesOf(facts), changes: ['plan_changed'], after });
  }
  return changes;
}

/**
 * Takes one SQS message in (BRIEF 3). A message that can never succeed — invalid, or a conflicting version of a
 * stored id — goes to the dead-letter queue at once with its reason and the record counts as handled; anything
 * transient (a throttled write, an unreachable queue) throws, so SQS delivers the message again and nothing is lost.
 * Logs carry the message id, the event type and the reason, never the body.
 */
export function createIngestRecordHandler(deps: IngestDependencies) {
  const { telemetry } = deps;
  const handle = async (record: SQSRecord): Promise<void> => {
    const parsed = parseUpstreamEventBody(record.body);
    if (!parsed.ok) {
      const category = parsed.field.split('.').slice(0, 2).join('.');
      await deps.deadLetters.send({ record, reason: parsed.reason, category });
      telemetry.warn('message rejected and dead-lettered', { messageId: record.messageId, reason: parsed.reason });
      telemetry.count('MessagesRejected', { reason: category });
      return;
    }
    const fact = toFactRecord(parsed.value, deps.identity);
    const attributes = { messageId: record.messageId, eventType: fact.type, source: fact.source };
    const result = await deps.store.record(fact);
    if (result.outcome === 'conflict') {
      const reason = scrubDigits(
        `conflict: event ${fact.eventKey} was already received with different content (${result.versions} versions); no version counts until resolved`,
      );
      await deps.deadLetters.send({ record, reason, category: 'conflict' });
      // The stored version stopped counting: its case must be planned again without it.
      await deps.changes.publish(await replanAfterConflict(fact, deps));
      telemetry.warn('conflicting event dead-lettered', { ...attributes, versions: result.versions });
      telemetry.count('MessagesRejected', { reason: 'conflict' });
      return;
    }
    // Also on a duplicate: the first delivery may have stopped before handing its changes over.
    await deps.changes.publish(await changesOf(fact, deps));
    telemetry.info(result.outcome === 'stored' ? 'event stored' : 'duplicate event ignored', attributes);
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
