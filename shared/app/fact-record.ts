import { eventKey as eventKeyOf } from '../domain/event-log';
import type { UpstreamEvent, UpstreamEventType } from '../domain/events';
import type { Identity } from './ports/identity';

/**
 * An upstream event as we keep it: personal identifiers replaced by keyed hashes (the IIN and phone never reach the
 * table), a masked IIN for display, and the keys that file it under its owner (a citizen or a case).
 */
export interface FactRecord {
  /** `source#eventId` (`eventKey` in shared/domain/event-log.ts): the identity of an event (BRIEF 3). */
  eventKey: string;
  type: UpstreamEventType;
  source: string;
  eventId: string;
  occurredAt: string;
  /** Keyed hash of the whole validated event: equal for a redelivery, different for a conflicting version. */
  contentHash: string;
  /** The identity key version every keyed field of this record was made with (docs/security.md, rotation). */
  keyVersion: number;
  /** Other versions exist under this event key: what it touches is under review (docs/domain.md "Conflicts"). */
  conflict?: boolean;
  /** `CIT#<citizenKey>` or `CASE#<caseId>`, and the order within it. */
  owner: string;
  ownerSort: string;
  /** Citizens whose case list this event adds a case to (an application: the applicant and the patient). */
  caseMembers: { citizenKey: string; caseId: string }[];
  /** The event's data with `iin`, `patientIin` and `phone` replaced by `citizenKey`, `patientKey` and `phoneKey`. */
  data: Record<string, unknown>;
  iinMasked?: string;
}

/** Personal fields per event type, and the keyed field each becomes. */
const PERSONAL_FIELDS: Partial<Record<UpstreamEventType, Record<string, { keyed: string; as: 'citizen' | 'phone' }>>> =
  {
    'osms.payment': { iin: { keyed: 'citizenKey', as: 'citizen' } },
    'osms.exemption': { iin: { keyed: 'citizenKey', as: 'citizen' } },
    'citizen.contact': { iin: { keyed: 'citizenKey', as: 'citizen' }, phone: { keyed: 'phoneKey', as: 'phone' } },
    'pension.application.submitted': {
      iin: { keyed: 'citizenKey', as: 'citizen' },
      patientIin: { keyed: 'patientKey', as: 'citizen' },
    },
    'dkk.conclusion.issued': { iin: { keyed: 'patientKey', as: 'citizen' } },
  };

/** Where a fact is filed: its owner, a citizen (by key) or a case; the store indexes facts by it (`byOwner`). */
export const citizenOwner = (citizenKey: string) => `CIT#${citizenKey}`;
export const caseOwner = (caseId: string) => `CASE#${caseId}`;

function ownerOf(event: UpstreamEvent, data: Record<string, unknown>, eventKey: string) {
  switch (event.type) {
    case 'osms.payment':
      return { owner: citizenOwner(String(data.citizenKey)), ownerSort: `PAY#${event.data.period}#${eventKey}` };
    case 'citizen.contact':
      return { owner: citizenOwner(String(data.citizenKey)), ownerSort: `CONTACT#${eventKey}` };
    case 'osms.exemption':
      return { owner: citizenOwner(String(data.citizenKey)), ownerSort: `EXEMPT#${event.data.from}#${eventKey}` };
    case 'dkk.conclusion.issued':
      // Without a case id the conclusion waits under its patient until a case of theirs asks for it.
      return event.data.caseId
        ? { owner: caseOwner(event.data.caseId), ownerSort: `DKK#${event.data.conclusionId}#${eventKey}` }
        : { owner: citizenOwner(String(data.patientKey)), ownerSort: `DKK#${event.data.conclusionId}#${eventKey}` };
    default:
      return { owner: caseOwner(event.data.caseId), ownerSort: `${event.type}#${eventKey}` };
  }
}

export function toFactRecord(event: UpstreamEvent, identity: Identity): FactRecord {
  const eventKey = eventKeyOf(event);
  const personal = PERSONAL_FIELDS[event.type] ?? {};
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event.data)) {
    const rule = personal[field];
    if (!rule) data[field] = value;
    else data[rule.keyed] = rule.as === 'phone' ? identity.phoneKey(String(value)) : identity.citizenKey(String(value));
  }
  const caseMembers =
    event.type === 'pension.application.submitted'
      ? [...new Set([String(data.citizenKey), String(data.patientKey ?? data.citizenKey)])].map((citizenKey) => ({
          citizenKey,
          caseId: event.data.caseId,
        }))
      : [];
  const iin = 'iin' in event.data ? event.data.iin : undefined;
  return {
    eventKey,
    type: event.type,
    source: event.source,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    contentHash: identity.contentHash(event),
    keyVersion: identity.version,
    ...ownerOf(event, data, eventKey),
    caseMembers,
    data,
    ...(iin ? { iinMasked: identity.maskIin(iin) } : {}),
  };
}

/**
 * The event the domain reasons about, rebuilt from a record: keyed hashes stand where the IINs and phones were. In the
 * domain `iin`/`phone` are a person's and a phone's *identifiers*, only ever compared, never looked inside — a raw IIN
 * in `ops derive` over NDJSON, a citizen key here — so `derive` gives the same answers on both. This is the one place
 * a stored record becomes a domain event: the record's type was validated by the contract before it was stored.
 */
export function toDomainEvent(record: FactRecord): UpstreamEvent {
  const personal = PERSONAL_FIELDS[record.type] ?? {};
  const data: Record<string, unknown> = { ...record.data };
  for (const [field, rule] of Object.entries(personal)) {
    if (rule.keyed in data) {
      data[field] = data[rule.keyed];
      delete data[rule.keyed];
    }
  }
  return {
    eventId: record.eventId,
    type: record.type,
    occurredAt: record.occurredAt,
    source: record.source,
    schemaVersion: 1,
    data,
  } as unknown as UpstreamEvent;
}

/** The same mapping applied to a raw event, so tests and `ops` can compare raw and stored pictures key for key. */
export function keyedEvent(event: UpstreamEvent, identity: Identity): UpstreamEvent {
  return toDomainEvent(toFactRecord(event, identity));
}
