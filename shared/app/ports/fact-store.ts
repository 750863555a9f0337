import type { FactRecord } from '../fact-record';

/** What happened when a fact was offered to the store. */
export type RecordOutcome =
  | { outcome: 'stored' }
  /** The same event (same source, id and content) was already stored: nothing changed. */
  | { outcome: 'duplicate' }
  /**
   * The id was stored with other content: this version is kept beside the others and what they touch is under review
   * (docs/domain.md "Conflicts"). `known` when this very version had been kept before (a redelivery).
   */
  | { outcome: 'conflict'; versions: number; known: boolean };

/**
 * One open item for operators: an event id with more than one version (`conflict`), or a ДКК conclusion no case of its
 * patient could take (`held_conclusion`, seed 000 §9: money first, then ДКК).
 */
export interface ReviewItem {
  kind: 'conflict' | 'held_conclusion';
  /** Why a conclusion is held (`HeldConclusionReason`); absent for conflicts. */
  reason?: string;
  eventKey: string;
  type: string;
  occurredAt: string;
  /** The versions' keyed content hashes: what `ops review resolve --keep` names. */
  versions: string[];
}

/** An operator's decision on a review item: an audit record kept with the fact (who, when, why). */
export interface Resolution {
  eventKey: string;
  /** The version that counts from now on; the others stay stored, out of every view. */
  keep: string;
  by: string;
  why: string;
  at: string;
}

export type ResolveOutcome =
  | { outcome: 'resolved'; owners: string[] }
  | { outcome: 'not_found' }
  | { outcome: 'unknown_version'; versions: string[] };

/**
 * The facts we keep, every version of every upstream event. Implementations must make `record` idempotent per
 * version, never drop a version, and mark every version of an id in conflict so that an owner's view that holds only
 * one of them still knows (`FactRecord.conflict`).
 */
export interface FactStore {
  record(fact: FactRecord): Promise<RecordOutcome>;
  /** Payments, contacts and case-less ДКК conclusions of a citizen, every version. */
  citizenFacts(citizenKey: string): Promise<FactRecord[]>;
  /** Every event filed under a case, every version. */
  caseFacts(caseId: string): Promise<FactRecord[]>;
  /** The cases a citizen applied for or is the patient of. */
  casesOf(citizenKey: string): Promise<string[]>;
  /** Open review items, oldest first. */
  reviewItems(): Promise<ReviewItem[]>;
  /** Lists a stored fact for operators (a held ДКК conclusion); a fact already listed as a conflict stays so. */
  flagForReview(eventKey: string, item: { kind: 'held_conclusion'; reason: string; occurredAt: string }): Promise<void>;
  /** Keeps one version of a conflicted id; answers the owners (`CASE#…`, `CIT#…`) whose views changed. */
  resolve(resolution: Resolution): Promise<ResolveOutcome>;
}
