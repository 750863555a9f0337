import type { FactRecord } from './fact-record';

/** What happened when a fact was offered to the store. */
export type RecordOutcome =
  | { outcome: 'stored' }
  /** The same event (same source, id and content) was already stored: nothing changed. */
  | { outcome: 'duplicate' }
  /** The id was stored with other content: from now on no version of it counts (docs/domain.md). */
  | { outcome: 'conflict'; versions: number };

export interface ConflictRecord {
  eventKey: string;
  type: string;
  versions: number;
}

/**
 * The facts we keep, one record per upstream event. Implementations must make `record` idempotent and atomic per
 * event, and must never let a conflicting id count in the queries.
 */
export interface FactStore {
  record(fact: FactRecord): Promise<RecordOutcome>;
  /** Payments, contacts and case-less ДКК conclusions of a citizen. */
  citizenFacts(citizenKey: string): Promise<FactRecord[]>;
  /** Every event filed under a case. */
  caseFacts(caseId: string): Promise<FactRecord[]>;
  /** The cases a citizen applied for or is the patient of. */
  casesOf(citizenKey: string): Promise<string[]>;
  conflicts(): Promise<ConflictRecord[]>;
}
