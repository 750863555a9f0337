import type { FactRecord } from '../shared/adapters/store/fact-record';
import type { ConflictRecord, FactStore, RecordOutcome } from '../shared/adapters/store/fact-store';

/**
 * A store without I/O, for measuring the handler's own CPU cost apart from the AWS SDK's. Bench only: the product and
 * its tests use the DynamoDB store against a real engine.
 */
export class MemoryFactStore implements FactStore {
  readonly #facts = new Map<string, FactRecord>();
  readonly #byOwner = new Map<string, FactRecord[]>();
  readonly #members = new Map<string, Set<string>>();

  async record(fact: FactRecord): Promise<RecordOutcome> {
    const existing = this.#facts.get(fact.eventKey);
    if (existing)
      return existing.contentHash === fact.contentHash
        ? { outcome: 'duplicate' }
        : { outcome: 'conflict', versions: 2 };
    this.#facts.set(fact.eventKey, fact);
    const owned = this.#byOwner.get(fact.owner) ?? [];
    owned.push(fact);
    this.#byOwner.set(fact.owner, owned);
    for (const { citizenKey, caseId } of fact.caseMembers) {
      this.#members.set(citizenKey, (this.#members.get(citizenKey) ?? new Set()).add(caseId));
    }
    return { outcome: 'stored' };
  }

  async citizenFacts(citizenKey: string) {
    return [...(this.#byOwner.get(`CIT#${citizenKey}`) ?? [])];
  }

  async caseFacts(caseId: string) {
    return [...(this.#byOwner.get(`CASE#${caseId}`) ?? [])];
  }

  async casesOf(citizenKey: string) {
    return [...(this.#members.get(citizenKey) ?? [])].sort();
  }

  async conflicts(): Promise<ConflictRecord[]> {
    return [];
  }
}
