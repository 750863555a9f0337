import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { type CaseChangeKind, caseChanges, type FactChange } from '../domain/changes';
import type { Instant } from '../domain/dates';
import type { FactRecord } from './fact-record';
import type { FactStore } from './ports/fact-store';
import { caseFactRecords, casePartiesOf, caseStatusFrom, deriveStored } from './views';

export interface ChangeContext {
  facts: FactStore;
  at: Instant;
  calendar: WorkingCalendar;
}

/** The cases one fact may change: its own case, or for a case-less ДКК conclusion every case of its patient. */
async function affectedCases(store: FactStore, fact: FactRecord): Promise<string[]> {
  switch (fact.type) {
    case 'osms.payment':
    case 'osms.exemption':
    case 'citizen.contact':
      return [];
    case 'dkk.conclusion.issued':
      return fact.data.caseId === undefined ? store.casesOf(fact.data.patientKey) : [fact.data.caseId];
    default:
      return [fact.data.caseId];
  }
}

const sameVersion = (a: FactRecord, b: FactRecord) => a.eventKey === b.eventKey && a.contentHash === b.contentHash;

/**
 * What a newly stored fact changed, for the scheduling and notification capability (use case of the ingest). Case
 * changes compare the case without and with this very version, both from stored facts, so a redelivery yields the same
 * changes again (the consumer de-duplicates by its own ids) instead of none — a crash between storing and handing over
 * can never swallow a change. Each affected case is derived twice (before/after), once per invocation each.
 */
export async function changesOfFact(context: ChangeContext, fact: FactRecord): Promise<FactChange[]> {
  if (fact.type === 'osms.payment') {
    const { citizenKey, period, status } = fact.data;
    return [
      {
        kind: 'payment_recorded',
        citizenKey,
        period,
        accepted: status === 'accepted',
        eventKey: fact.eventKey,
      },
    ];
  }
  // An exemption changes nothing but coverage: the planner recomputes a linked citizen's coverage on a citizen change.
  if (fact.type === 'citizen.contact' || fact.type === 'osms.exemption') {
    return [{ kind: 'contact_recorded', citizenKey: fact.data.citizenKey }];
  }
  const changes: FactChange[] = [];
  for (const caseId of await affectedCases(context.facts, fact)) {
    const records = await caseFactRecords(context.facts, caseId);
    const withFact = records.some((record) => sameVersion(record, fact)) ? records : [...records, fact];
    const after = caseStatusFrom(withFact, caseId, context);
    if (!after) continue;
    const before = caseStatusFrom(
      withFact.filter((record) => !sameVersion(record, fact)),
      caseId,
      context,
    );
    const kinds: CaseChangeKind[] = caseChanges(before, after);
    if (kinds.length > 0) {
      changes.push({ kind: 'case_updated', caseId, citizenKeys: casePartiesOf(withFact), changes: kinds });
    }
  }
  return changes;
}

/**
 * A ДКК conclusion that no case of its patient can take (seed 000 §9: money first, then ДКК; or it names no case of
 * this patient) is held: listed for operators in the one review model (`ops review list`), never announced. Derived
 * over the patient's own facts and every case of theirs, so "held" means held by all of them.
 */
export async function holdConclusionIfNeeded(context: ChangeContext, fact: FactRecord): Promise<boolean> {
  if (fact.type !== 'dkk.conclusion.issued') return false;
  const { patientKey, caseId: namedCase, conclusionId } = fact.data;
  const named = namedCase === undefined ? [] : [namedCase];
  const caseIds = [...new Set([...named, ...(await context.facts.casesOf(patientKey))])];
  const records = [
    ...(await context.facts.citizenFacts(patientKey)),
    ...(await Promise.all(caseIds.map((caseId) => context.facts.caseFacts(caseId)))).flat(),
  ];
  const withFact = records.some((record) => sameVersion(record, fact)) ? records : [...records, fact];
  const held = deriveStored(withFact, context).heldConclusions.find(
    (conclusion) => conclusion.conclusionId === conclusionId,
  );
  if (!held) return false;
  await context.facts.flagForReview(fact.eventKey, {
    kind: 'held_conclusion',
    reason: held.reason,
    occurredAt: fact.occurredAt,
  });
  return true;
}

/**
 * After a conflicting version was kept: what it froze, to re-plan (cases: the return order is held, the reminders move
 * to the earliest deadline) and to re-check (a citizen's months or phone of record).
 */
export async function changesOfConflict(context: ChangeContext, fact: FactRecord): Promise<FactChange[]> {
  if (fact.type === 'osms.payment' || fact.type === 'citizen.contact') return changesOfFact(context, fact);
  const changes: FactChange[] = [];
  for (const caseId of await affectedCases(context.facts, fact)) {
    const records = await caseFactRecords(context.facts, caseId);
    if (!caseStatusFrom(records, caseId, context)) continue;
    changes.push({ kind: 'case_updated', caseId, citizenKeys: casePartiesOf(records), changes: ['plan_changed'] });
  }
  return changes;
}
