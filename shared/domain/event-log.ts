import { type Instant, parseInstant } from './dates';
import type { UpstreamEvent } from './events';

/** Two or more different events were sent under one (source, eventId): what they touch is frozen until an operator resolves it. */
export interface EventConflict {
  source: string;
  eventId: string;
  /** The event types seen under this id (no content: it may carry personal data). */
  types: string[];
  versions: number;
}

/** JSON with object keys sorted, so the same content always gives the same text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The identity of an event: `source#eventId` (BRIEF 3: ids are unique per source; a source never contains `#`). The
 * one format used by the domain, the store and the operators' tools.
 */
export function eventKey(event: Pick<UpstreamEvent, 'source' | 'eventId'>): string {
  return `${event.source}#${event.eventId}`;
}

/** The events that count as they are, and the ids whose versions differ, with every version (sorted). */
export interface DistinctEvents {
  events: UpstreamEvent[];
  conflicts: EventConflict[];
  /** Every version of each conflicted id, by event key, in content order (so the result never depends on arrival). */
  conflicted: Map<string, UpstreamEvent[]>;
}

/**
 * The events that count, once each (BRIEF 3: an id may arrive more than once, in any order). A redelivery (same
 * source, id and content) is dropped. The same id with different content is a conflict: **every** version is kept
 * aside in `conflicted` (never "the first": that would depend on arrival order), for the caller to freeze what the
 * versions touch. `flagged` names ids the store already knows to be in conflict, when only one version is at hand
 * (the other was filed under another owner). The result is sorted, so it does not depend on input order either.
 */
export function distinctEvents(events: readonly UpstreamEvent[], flagged?: ReadonlySet<string>): DistinctEvents {
  // Most ids arrive once: the canonical form (the costly part) is computed only when an id is seen again.
  const first = new Map<string, UpstreamEvent>();
  const versions = new Map<string, Map<string, UpstreamEvent>>();
  for (const event of events) {
    const key = eventKey(event);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, event);
      continue;
    }
    let seen = versions.get(key);
    if (!seen) {
      seen = new Map([[canonicalJson(earlier), earlier]]);
      versions.set(key, seen);
    }
    seen.set(canonicalJson(event), event);
  }
  const kept: UpstreamEvent[] = [];
  const conflicts: EventConflict[] = [];
  const conflicted = new Map<string, UpstreamEvent[]>();
  for (const [key, event] of first) {
    const seen = versions.get(key);
    const all = seen ? [...seen.entries()].sort(([a], [b]) => compareText(a, b)).map(([, v]) => v) : [event];
    if (all.length === 1 && !flagged?.has(key)) {
      kept.push(event);
      continue;
    }
    conflicted.set(key, all);
    conflicts.push({
      source: event.source,
      eventId: event.eventId,
      types: [...new Set(all.map((version) => version.type))].sort(),
      versions: all.length,
    });
  }
  kept.sort(compareEvents);
  conflicts.sort((a, b) => compareText(eventKey(a), eventKey(b)));
  return { events: kept, conflicts, conflicted };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const instants = new WeakMap<object, Instant>();

/** When an event occurred, parsed once per event object (sorting compares each event many times). */
export function occurredAtInstant(event: Pick<UpstreamEvent, 'occurredAt'>): Instant {
  let instant = instants.get(event);
  if (instant === undefined) {
    instant = parseInstant(event.occurredAt) ?? Number.NaN;
    instants.set(event, instant);
  }
  return instant;
}

/** Total order on events by content: when they occurred, then source and id. */
export function compareEvents(a: UpstreamEvent, b: UpstreamEvent): number {
  return (
    occurredAtInstant(a) - occurredAtInstant(b) || compareText(a.source, b.source) || compareText(a.eventId, b.eventId)
  );
}

/**
 * Of several events that state the same single-valued fact (a case's credit, a phone of record), the one that counts:
 * the latest to occur — upstream's correction supersedes — with source and id breaking ties, never arrival order.
 */
export function latestOf<T extends UpstreamEvent>(events: readonly T[]): T | undefined {
  let latest: T | undefined;
  for (const event of events) if (!latest || compareEvents(event, latest) > 0) latest = event;
  return latest;
}
