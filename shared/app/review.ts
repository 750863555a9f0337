import type { FactChange } from '../domain/changes';
import { formatKazakhstanInstant, type Instant } from '../domain/dates';
import type { ChangeSink } from './ports';
import type { FactStore, ReviewItem } from './ports/fact-store';

/**
 * The one review model for operators (docs/security.md, docs/domain.md "Conflicts"): what waits for a person's
 * decision. Today: event ids with conflicting versions; the held ДКК conclusions and rule flags of the law issue join
 * the same list. Operators list and resolve items through `ops review`; nobody deletes DynamoDB items by hand.
 */
export async function openReviewItems(facts: FactStore): Promise<ReviewItem[]> {
  const items = await facts.reviewItems();
  return [...items].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}

export class ReviewResolutionError extends Error {
  readonly problem: 'not_found' | 'unknown_version' | 'missing_reason';
  readonly versions: string[];

  constructor(problem: ReviewResolutionError['problem'], message: string, versions: string[] = []) {
    super(message);
    this.name = 'ReviewResolutionError';
    this.problem = problem;
    this.versions = versions;
  }
}

/** What an operator decides: which version counts, who decided and why (kept with the fact as its audit trail). */
export interface ReviewDecision {
  eventKey: string;
  keep: string;
  by: string;
  why: string;
  at: Instant;
}

/** The changes that make the planner look again at everything the item touched. */
function replanChanges(owners: readonly string[]): FactChange[] {
  return owners.flatMap((owner): FactChange[] => {
    if (owner.startsWith('CASE#')) {
      return [{ kind: 'case_updated', caseId: owner.slice(5), citizenKeys: [], changes: ['plan_changed'] }];
    }
    if (owner.startsWith('CIT#')) return [{ kind: 'contact_recorded', citizenKey: owner.slice(4) }];
    return [];
  });
}

/**
 * Resolves a review item: the kept version counts from now on, the others stay stored out of every view, and the
 * cases and citizens it touched are planned again (a held return order goes out only if the kept facts say so, after
 * the usual re-check at its moment).
 */
export async function resolveReviewItem(
  ports: { facts: FactStore; changes: ChangeSink },
  decision: ReviewDecision,
): Promise<{ owners: string[]; changes: number }> {
  if (decision.why.trim().length < 3) {
    throw new ReviewResolutionError('missing_reason', 'a resolution needs a reason (--why) for the audit trail');
  }
  const outcome = await ports.facts.resolve({
    eventKey: decision.eventKey,
    keep: decision.keep,
    by: decision.by,
    why: decision.why,
    at: formatKazakhstanInstant(decision.at),
  });
  if (outcome.outcome === 'not_found') {
    throw new ReviewResolutionError('not_found', 'no stored event has this key');
  }
  if (outcome.outcome === 'unknown_version') {
    throw new ReviewResolutionError('unknown_version', 'this event has no version with that hash', outcome.versions);
  }
  const changes = replanChanges(outcome.owners);
  await ports.changes.publish(changes);
  return { owners: outcome.owners, changes: changes.length };
}
