import { eventKey as eventKeyOf } from '../domain/event-log';
import type { UpstreamEvent, UpstreamEventType } from '../domain/events';
import type { Identity } from './ports/identity';

/** The keyed hashes that stand in a stored fact where a person's IIN or a phone was. */
export type KeyedField = 'citizenKey' | 'patientKey' | 'phoneKey';

type DataOf<T extends UpstreamEventType> = Extract<UpstreamEvent, { type: T }>['data'];

/**
 * The personal fields of each event type and the keyed field each becomes (an applicant's or payer's IIN a
 * `citizenKey`, a patient's a `patientKey`, a phone a `phoneKey`); every other field is kept as it is. Checked against
 * the domain's event types, and the one source of both the stored shape ({@link KeyedData}) and the mapping.
 */
const KEYED_FIELDS = {
  'osms.payment': { iin: 'citizenKey' },
  'osms.exemption': { iin: 'citizenKey' },
  'citizen.contact': { iin: 'citizenKey', phone: 'phoneKey' },
  'pension.application.submitted': { iin: 'citizenKey', patientIin: 'patientKey' },
  'dkk.conclusion.issued': { iin: 'patientKey' },
} as const satisfies { [T in UpstreamEventType]?: { [F in keyof DataOf<T>]?: KeyedField } };

type RenamesOf<T extends UpstreamEventType> = T extends keyof typeof KEYED_FIELDS
  ? (typeof KEYED_FIELDS)[T]
  : Record<never, never>;

/** The data of an event of type `T` as stored: its personal fields renamed to their keyed fields, all else as is. */
export type KeyedData<T extends UpstreamEventType> = {
  [F in keyof DataOf<T> as F extends keyof RenamesOf<T> ? RenamesOf<T>[F] & string : F]: DataOf<T>[F];
};

/** The personal fields of a type and their keyed fields, widened for the loops below. */
function keyedFieldsOf(type: UpstreamEventType): Readonly<Record<string, KeyedField>> {
  const table: Partial<Record<UpstreamEventType, Readonly<Record<string, KeyedField>>>> = KEYED_FIELDS;
  return table[type] ?? {};
}

/** What every stored fact has, whatever its type. */
interface FactRecordBase {
  /** `source#eventId` (`eventKey` in shared/domain/event-log.ts): the identity of an event (BRIEF 3). */
  eventKey: string;
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
  iinMasked?: string;
}

/** A stored fact of one event type: narrow a {@link FactRecord} on `type` to read its keyed data typed. */
export type FactRecordOf<T extends UpstreamEventType> = FactRecordBase & { type: T; data: KeyedData<T> };

/** A type and its keyed data, correlated (one member per event type). */
type KeyedEvent = { [T in UpstreamEventType]: { type: T; data: KeyedData<T> } }[UpstreamEventType];

/**
 * An upstream event as we keep it: personal identifiers replaced by keyed hashes (the IIN and phone never reach the
 * table), a masked IIN for display, and the keys that file it under its owner (a citizen or a case). A union on
 * `type`: `data` is the event's data with its personal fields renamed as {@link KEYED_FIELDS} says.
 */
export type FactRecord = { [T in UpstreamEventType]: FactRecordOf<T> }[UpstreamEventType];

/**
 * Renames the fields of `data` by `names` in place (same order) and maps the renamed values: the one loop both
 * directions of the mapping share.
 */
function renamed(
  data: object,
  names: Readonly<Record<string, string>>,
  value: (field: string, value: unknown) => unknown,
): object {
  const out: Record<string, unknown> = {};
  for (const [field, current] of Object.entries(data)) {
    const name = names[field];
    if (name === undefined) out[field] = current;
    else out[name] = value(name, current);
  }
  return out;
}

/**
 * The event's type and data with every personal field replaced by its keyed hash. The loop cannot show the compiler
 * that its result has the shape {@link KeyedData} of the type; it has, because {@link KEYED_FIELDS} is checked
 * against the domain's event types and is the source of both — hence the one cast.
 */
function keyedEventOf(event: UpstreamEvent, identity: Identity): KeyedEvent {
  const data = renamed(event.data, keyedFieldsOf(event.type), (keyed, value) =>
    keyed === 'phoneKey' ? identity.phoneKey(String(value)) : identity.citizenKey(String(value)),
  );
  return { type: event.type, data } as KeyedEvent;
}

/** Where a fact is filed: its owner, a citizen (by key) or a case; the store indexes facts by it (`byOwner`). */
export const citizenOwner = (citizenKey: string) => `CIT#${citizenKey}`;
export const caseOwner = (caseId: string) => `CASE#${caseId}`;

function ownerOf(record: KeyedEvent, eventKey: string) {
  switch (record.type) {
    case 'osms.payment':
      return { owner: citizenOwner(record.data.citizenKey), ownerSort: `PAY#${record.data.period}#${eventKey}` };
    case 'citizen.contact':
      return { owner: citizenOwner(record.data.citizenKey), ownerSort: `CONTACT#${eventKey}` };
    case 'osms.exemption':
      return { owner: citizenOwner(record.data.citizenKey), ownerSort: `EXEMPT#${record.data.from}#${eventKey}` };
    case 'dkk.conclusion.issued':
      // Without a case id the conclusion waits under its patient until a case of theirs asks for it.
      return record.data.caseId
        ? { owner: caseOwner(record.data.caseId), ownerSort: `DKK#${record.data.conclusionId}#${eventKey}` }
        : { owner: citizenOwner(record.data.patientKey), ownerSort: `DKK#${record.data.conclusionId}#${eventKey}` };
    default:
      return { owner: caseOwner(record.data.caseId), ownerSort: `${record.type}#${eventKey}` };
  }
}

/** The applicant and the patient of an application (once when they are the same person), with its case. */
function caseMembersOf(record: KeyedEvent): FactRecordBase['caseMembers'] {
  if (record.type !== 'pension.application.submitted') return [];
  const { citizenKey, patientKey, caseId } = record.data;
  return [...new Set([citizenKey, patientKey ?? citizenKey])].map((member) => ({ citizenKey: member, caseId }));
}

export function toFactRecord(event: UpstreamEvent, identity: Identity): FactRecord {
  const eventKey = eventKeyOf(event);
  const keyed = keyedEventOf(event, identity);
  const iin = 'iin' in event.data ? event.data.iin : undefined;
  return {
    eventKey,
    ...keyed,
    source: event.source,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    contentHash: identity.contentHash(event),
    keyVersion: identity.version,
    ...ownerOf(keyed, eventKey),
    caseMembers: caseMembersOf(keyed),
    ...(iin ? { iinMasked: identity.maskIin(iin) } : {}),
  };
}

/**
 * The event the domain reasons about, rebuilt from a record: keyed hashes stand where the IINs and phones were. In the
 * domain `iin`/`phone` are a person's and a phone's *identifiers*, only ever compared, never looked inside — a raw IIN
 * in `ops derive` over NDJSON, a citizen key here — so `derive` gives the same answers on both. This is the one place
 * a stored record becomes a domain event: the record's type was validated by the contract before it was stored, and
 * renaming the keyed fields back ({@link KEYED_FIELDS}) gives the event's own data type — which the loop cannot show
 * the compiler, hence the one cast.
 */
export function toDomainEvent(record: FactRecord): UpstreamEvent {
  const personal = Object.fromEntries(
    Object.entries(keyedFieldsOf(record.type)).map(([field, keyed]) => [keyed, field]),
  );
  return {
    eventId: record.eventId,
    type: record.type,
    occurredAt: record.occurredAt,
    source: record.source,
    schemaVersion: 1,
    data: renamed(record.data, personal, (_field, value) => value),
  } as UpstreamEvent;
}

/**
 * The record with every keyed field's value replaced by `next(value, kind)` (a re-keying), all else as it was; the
 * fields stay the same, so the record keeps its type.
 */
export function withKeyedFields(
  record: FactRecord,
  next: (value: string, kind: 'citizen' | 'phone') => string,
): FactRecord {
  const keyedFields = Object.fromEntries(Object.values(keyedFieldsOf(record.type)).map((keyed) => [keyed, keyed]));
  const data = renamed(record.data, keyedFields, (keyed, value) =>
    typeof value === 'string' ? next(value, keyed === 'phoneKey' ? 'phone' : 'citizen') : value,
  );
  return { ...record, data } as FactRecord;
}

/** The same mapping applied to a raw event, so tests and `ops` can compare raw and stored pictures key for key. */
export function keyedEvent(event: UpstreamEvent, identity: Identity): UpstreamEvent {
  return toDomainEvent(toFactRecord(event, identity));
}
