import { type Instant, parseInstant } from './dates';
import type { UpstreamEvent } from './events';

/** Two or more different events were sent under one (source, eventId). Neither counts until an operator resolves it. */
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

export function eventKey(event: Pick<UpstreamEvent, 'source' | 'eventId'>): string {
  return `${event.source}\u0000${event.eventId}`;
}

/**
 * The events that count, once each (BRIEF 3: an id may arrive more than once, in any order). A redelivery (same
 * source, id and content) is dropped. The same id with different content is a conflict, and **every** version of it
 * is set aside: keeping "the first" would make the result depend on arrival order, and we cannot know which version
 * is true. The result is sorted, so it does not depend on input order either.
 */
export function distinctEvents(events: readonly UpstreamEvent[]): {
  events: UpstreamEvent[];
  conflicts: EventConflict[];
} {
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
  for (const [key, event] of first) {
    const all = [...(versions.get(key)?.values() ?? [event])];
    if (all.length === 1) kept.push(event);
    else {
      conflicts.push({
        source: event.source,
        eventId: event.eventId,
        types: [...new Set(all.map((version) => version.type))].sort(),
        versions: all.length,
      });
    }
  }
  kept.sort(compareEvents);
  conflicts.sort((a, b) => compareText(eventKey(a), eventKey(b)));
  return { events: kept, conflicts };
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
