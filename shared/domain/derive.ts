import type { WorkingCalendar } from './calendar/working-calendar';
import { formatKazakhstanInstant, type Instant } from './dates';
import { distinctEvents, type EventConflict, latestOf, occurredAtInstant } from './event-log';
import type {
  ApplicationSubmittedEvent,
  DkkConclusionData,
  DocumentsSubmittedData,
  FundsCreditedEvent,
  FundsReturnedEvent,
  PaymentData,
  TransferCompletedData,
  UpstreamEvent,
} from './events';
import { type InsuranceStatus, insuranceStatus } from './insurance';
import { type CaseFacts, type CaseStatus, pensionCaseStatus } from './pension-case';

export interface CitizenState {
  insurance: InsuranceStatus;
  /** Whether a phone of record is known (needed to link a chat). */
  hasContact: boolean;
  /** Cases where this person uses the money or is the patient. */
  caseIds: string[];
}

export interface Derivation {
  at: string;
  citizens: Map<string, CitizenState>;
  cases: Map<string, CaseStatus>;
  conflicts: EventConflict[];
}

interface CaseEvents {
  applications: ApplicationSubmittedEvent[];
  credits: FundsCreditedEvent[];
  returns: FundsReturnedEvent[];
  documents: DocumentsSubmittedData[];
  transfers: TransferCompletedData[];
}

function emptyCase(): CaseEvents {
  return { applications: [], credits: [], returns: [], documents: [], transfers: [] };
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * Everything we can say at a moment from a set of upstream events: each citizen's insurance status and each case's
 * state and plan. Only events that occurred at or before `at` count (an id with conflicting versions never counts, and
 * is reported whatever `at`). The result depends on the set of events alone —
 * not their order, not how often each arrived (BRIEF 3) — because duplicates are dropped, conflicting ids are set
 * aside, and single-valued facts are chosen by content ({@link latestOf}).
 */
export function derive(options: {
  events: readonly UpstreamEvent[];
  at: Instant;
  calendar: WorkingCalendar;
  /**
   * Count events that occurred up to this moment (default `at`: "what did we know then"). Live views pass `Infinity`:
   * an event we hold counts even if the sender's clock runs a little ahead of ours.
   */
  knownUntil?: Instant;
}): Derivation {
  // Conflicts first, over every event we hold: a conflicting version that claims to have occurred later must not let
  // the earlier one count in the meantime.
  const distinct = distinctEvents(options.events);
  const conflicts = distinct.conflicts;
  const knownUntil = options.knownUntil ?? options.at;
  const events = distinct.events.filter((event) => occurredAtInstant(event) <= knownUntil);

  const payments = new Map<string, PaymentData[]>();
  const contacts = new Set<string>();
  const cases = new Map<string, CaseEvents>();
  const dkkById = new Map<string, Extract<UpstreamEvent, { type: 'dkk.conclusion.issued' }>[]>();
  for (const event of events) {
    switch (event.type) {
      case 'osms.payment':
        getOrCreate(payments, event.data.iin, () => []).push(event.data);
        break;
      case 'citizen.contact':
        contacts.add(event.data.iin);
        break;
      case 'pension.application.submitted':
        getOrCreate(cases, event.data.caseId, emptyCase).applications.push(event);
        break;
      case 'pension.funds.credited':
        getOrCreate(cases, event.data.caseId, emptyCase).credits.push(event);
        break;
      case 'pension.funds.returned':
        getOrCreate(cases, event.data.caseId, emptyCase).returns.push(event);
        break;
      case 'pension.documents.submitted':
        getOrCreate(cases, event.data.caseId, emptyCase).documents.push(event.data);
        break;
      case 'pension.transfer.completed':
        getOrCreate(cases, event.data.caseId, emptyCase).transfers.push(event.data);
        break;
      case 'dkk.conclusion.issued':
        getOrCreate(dkkById, event.data.conclusionId, () => []).push(event);
        break;
    }
  }

  const caseFacts = new Map<string, CaseFacts>();
  for (const [caseId, collected] of cases) {
    const application = latestOf(collected.applications)?.data;
    const credited = latestOf(collected.credits)?.data;
    const returned = latestOf(collected.returns)?.data;
    caseFacts.set(caseId, {
      caseId,
      ...(application ? { application } : {}),
      ...(credited ? { credited } : {}),
      ...(returned ? { returned } : {}),
      dkk: [],
      documents: collected.documents,
      transfers: collected.transfers,
    });
  }
  attachConclusions(caseFacts, dkkById);

  const at = options.at;
  const caseStatuses = new Map<string, CaseStatus>();
  for (const [caseId, facts] of [...caseFacts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    caseStatuses.set(caseId, pensionCaseStatus({ facts, at, calendar: options.calendar }));
  }

  const citizenIins = new Set<string>([...payments.keys(), ...contacts]);
  const casesOf = new Map<string, string[]>();
  for (const facts of caseFacts.values()) {
    const application = facts.application;
    if (!application) continue;
    for (const iin of new Set([application.iin, application.patientIin ?? application.iin])) {
      citizenIins.add(iin);
      getOrCreate(casesOf, iin, () => []).push(facts.caseId);
    }
  }
  const citizens = new Map<string, CitizenState>();
  for (const iin of [...citizenIins].sort()) {
    citizens.set(iin, {
      insurance: insuranceStatus({ payments: payments.get(iin) ?? [], at }),
      hasContact: contacts.has(iin),
      caseIds: (casesOf.get(iin) ?? []).sort(),
    });
  }
  return { at: formatKazakhstanInstant(at), citizens, cases: caseStatuses, conflicts };
}

/**
 * A ДКК conclusion names its case when the clinic knew it; otherwise it belongs to every case whose patient it is
 * about (the patient's IIN, or the applicant's when the applicant is the patient).
 */
function attachConclusions(
  caseFacts: Map<string, CaseFacts>,
  dkkById: Map<string, Extract<UpstreamEvent, { type: 'dkk.conclusion.issued' }>[]>,
): void {
  const byPatient = new Map<string, CaseFacts[]>();
  for (const facts of caseFacts.values()) {
    const application = facts.application;
    if (application) getOrCreate(byPatient, application.patientIin ?? application.iin, () => []).push(facts);
  }
  const attached = new Map<string, DkkConclusionData[]>();
  for (const versions of dkkById.values()) {
    const conclusion = latestOf(versions)?.data;
    if (!conclusion) continue;
    const caseId = conclusion.caseId;
    const targets = caseId
      ? [getOrCreate(caseFacts, caseId, () => ({ caseId, dkk: [], documents: [], transfers: [] }))]
      : (byPatient.get(conclusion.iin) ?? []);
    for (const facts of targets) getOrCreate(attached, facts.caseId, () => []).push(conclusion);
  }
  for (const [caseId, conclusions] of attached) {
    const facts = caseFacts.get(caseId);
    if (facts) caseFacts.set(caseId, { ...facts, dkk: conclusions });
  }
}

/** A derivation as plain JSON (the `ops derive` output and what tests compare). */
export function derivationToJson(derivation: Derivation) {
  return {
    at: derivation.at,
    citizens: Object.fromEntries(derivation.citizens),
    cases: Object.fromEntries(derivation.cases),
    conflicts: derivation.conflicts,
  };
}
