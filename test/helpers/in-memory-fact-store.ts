import type { FactRecord } from '../../shared/app/fact-record';
import type {
  FactStore,
  RecordOutcome,
  Resolution,
  ResolveOutcome,
  ReviewItem,
} from '../../shared/app/ports/fact-store';

interface StoredVersion {
  fact: FactRecord;
  superseded: boolean;
}

/**
 * The fact store without I/O, with the DynamoDB store's semantics (every version kept, every version of an id in
 * conflict marked, a resolution keeping one): unit tests of the use cases, and the bench that measures the handler's
 * own CPU cost apart from the AWS SDK's. Behaviour at the storage boundary is tested against DynamoDB Local.
 */
export class InMemoryFactStore implements FactStore {
  /** Event key → its versions, first stored first. */
  readonly #versions = new Map<string, StoredVersion[]>();
  readonly #members = new Map<string, Set<string>>();
  readonly #resolutions = new Map<string, Resolution>();
  readonly #flagged = new Map<string, { reason: string; occurredAt: string }>();

  async record(fact: FactRecord): Promise<RecordOutcome> {
    const versions = this.#versions.get(fact.eventKey);
    for (const { citizenKey, caseId } of fact.caseMembers) {
      this.#members.set(citizenKey, (this.#members.get(citizenKey) ?? new Set()).add(caseId));
    }
    if (!versions) {
      this.#versions.set(fact.eventKey, [{ fact: { ...fact }, superseded: false }]);
      return { outcome: 'stored' };
    }
    const known = versions.some((version) => version.fact.contentHash === fact.contentHash);
    if (known && (versions.length === 1 || this.#resolutions.has(fact.eventKey))) return { outcome: 'duplicate' };
    if (!known) versions.push({ fact: { ...fact }, superseded: false });
    if (!this.#resolutions.has(fact.eventKey)) for (const version of versions) version.fact.conflict = true;
    return { outcome: 'conflict', versions: versions.length, known };
  }

  #owned(owner: string): FactRecord[] {
    return [...this.#versions.values()]
      .flat()
      .filter((version) => !version.superseded && version.fact.owner === owner)
      .map((version) => ({ ...version.fact }));
  }

  async citizenFacts(citizenKey: string): Promise<FactRecord[]> {
    return this.#owned(`CIT#${citizenKey}`);
  }

  async caseFacts(caseId: string): Promise<FactRecord[]> {
    return this.#owned(`CASE#${caseId}`);
  }

  async casesOf(citizenKey: string): Promise<string[]> {
    return [...(this.#members.get(citizenKey) ?? [])].sort();
  }

  async reviewItems(): Promise<ReviewItem[]> {
    const open = [...this.#versions.entries()].filter(
      ([key, v]) => (v.length > 1 || this.#flagged.has(key)) && !this.#resolutions.has(key),
    );
    return open.map(([eventKey, versions]) => {
      const held = versions.length === 1 ? this.#flagged.get(eventKey) : undefined;
      return {
        kind: held ? ('held_conclusion' as const) : ('conflict' as const),
        ...(held ? { reason: held.reason } : {}),
        eventKey,
        type: versions[0]?.fact.type ?? 'unknown',
        occurredAt: versions[0]?.fact.occurredAt ?? '',
        versions: versions.map((version) => version.fact.contentHash).sort(),
      };
    });
  }

  async flagForReview(eventKey: string, item: { kind: 'held_conclusion'; reason: string; occurredAt: string }) {
    if (this.#versions.has(eventKey) && !this.#resolutions.has(eventKey)) {
      this.#flagged.set(eventKey, { reason: item.reason, occurredAt: item.occurredAt });
    }
  }

  async resolve(resolution: Resolution): Promise<ResolveOutcome> {
    const versions = this.#versions.get(resolution.eventKey);
    if (!versions) return { outcome: 'not_found' };
    if (!versions.some((version) => version.fact.contentHash === resolution.keep)) {
      return { outcome: 'unknown_version', versions: versions.map((version) => version.fact.contentHash).sort() };
    }
    this.#resolutions.set(resolution.eventKey, resolution);
    for (const version of versions) {
      version.fact.conflict = false;
      version.superseded = version.fact.contentHash !== resolution.keep;
    }
    return { outcome: 'resolved', owners: [...new Set(versions.map((version) => version.fact.owner))].sort() };
  }
}
