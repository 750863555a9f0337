import type { WorkingCalendar } from './calendar/working-calendar';
import type { HeldConclusion } from './case-conclusions';
import type { Period } from './dates';
import { formatKazakhstanInstant, type Instant } from './dates';
import { CaseEventCollector, getOrCreate } from './derive-cases';
import { distinctEvents, type EventConflict, latestOf, occurredAtInstant } from './event-log';
import type { ExemptionEvent, PaymentData, UpstreamEvent } from './events';
import { type InsuranceStatus, insuranceStatus } from './insurance';
import { exemptionPeriods } from './payer-basis';
import { type CaseFacts, type CaseStatus, pensionCaseStatus } from './pension-case';
import { type ConflictFreeze, freezeConflicts } from './review';

export interface CitizenState {
  insurance: InsuranceStatus;
  /** Whether a phone of record is known (needed to link a chat). */
  hasContact: boolean;
  /** Cases where this person uses the money or is the patient. */
  caseIds: string[];
  /** Months whose payment is in conflict: shown as "being checked", never as "not received". */
  monthsUnderReview: Period[];
  /** The phone of record is in conflict: no chat links by it until an operator resolves it. */
  contactUnderReview: boolean;
  /** An exemption or category period is in conflict: only the days every version gives count until it is resolved. */
  exemptionUnderReview: boolean;
}

export interface Derivation {
  at: string;
  citizens: Map<string, CitizenState>;
  cases: Map<string, CaseStatus>;
  conflicts: EventConflict[];
  /**
   * ДКК conclusions attached to no case (seed 000 §9: naming no case of their patient, or with a session before the
   * application or the credit), with the reason: for the operators' review list, never announced to a citizen.
   */
  heldConclusions: HeldConclusion[];
}

/** What the events say about people, per IIN: their payments, whether a phone is known, their exemption statements. */
interface CitizenFacts {
  payments: Map<string, PaymentData[]>;
  contacts: Set<string>;
  exemptions: Map<string, ExemptionEvent[]>;
}

function collectCitizenFacts(events: readonly UpstreamEvent[]): CitizenFacts {
  const facts: CitizenFacts = { payments: new Map(), contacts: new Set(), exemptions: new Map() };
  for (const event of events) {
    switch (event.type) {
      case 'osms.payment':
        getOrCreate(facts.payments, event.data.iin, () => []).push(event.data);
        break;
      case 'citizen.contact':
        facts.contacts.add(event.data.iin);
        break;
      case 'osms.exemption':
        getOrCreate(facts.exemptions, event.data.iin, () => []).push(event);
        break;
    }
  }
  return facts;
}

/** Person → the cases where they use the money or are the patient. */
function casesByPerson(caseFacts: ReadonlyMap<string, CaseFacts>): Map<string, string[]> {
  const casesOf = new Map<string, string[]>();
  for (const facts of caseFacts.values()) {
    const application = facts.application;
    if (!application) continue;
    for (const iin of new Set([application.iin, application.patientIin ?? application.iin])) {
      getOrCreate(casesOf, iin, () => []).push(facts.caseId);
    }
  }
  return casesOf;
}

/**
 * The state of every person the events name — by a payment, a contact, an exemption, a conflict or a case — sorted by
 * IIN, with what is in conflict held back until an operator resolves it.
 */
function citizenStates(
  options: CitizenFacts & { caseFacts: ReadonlyMap<string, CaseFacts>; freeze: ConflictFreeze; at: Instant },
): Map<string, CitizenState> {
  const { payments, contacts, exemptions, freeze, at } = options;
  const casesOf = casesByPerson(options.caseFacts);
  const citizenIins = new Set<string>([
    ...payments.keys(),
    ...contacts,
    ...exemptions.keys(),
    ...freeze.months.keys(),
    ...freeze.contacts,
    ...freeze.exemptions,
    ...casesOf.keys(),
  ]);
  const citizens = new Map<string, CitizenState>();
  for (const iin of [...citizenIins].sort()) {
    const contactUnderReview = freeze.contacts.has(iin);
    citizens.set(iin, {
      insurance: insuranceStatus({
        payments: payments.get(iin) ?? [],
        exemptions: exemptionPeriods(exemptions.get(iin) ?? []),
        at,
      }),
      hasContact: contacts.has(iin) && !contactUnderReview,
      caseIds: (casesOf.get(iin) ?? []).sort(),
      monthsUnderReview: [...(freeze.months.get(iin) ?? [])].sort(),
      contactUnderReview,
      exemptionUnderReview: freeze.exemptions.has(iin),
    });
  }
  return citizens;
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
  /** Event keys the store knows to be in conflict even where only one of their versions is at hand. */
  flagged?: ReadonlySet<string>;
}): Derivation {
  // Conflicts first, over every event we hold: a conflicting version that claims to have occurred later must not let
  // the earlier one count in the meantime.
  const distinct = distinctEvents(options.events, options.flagged);
  const conflicts = distinct.conflicts;
  const freeze = freezeConflicts(distinct.conflicted);
  const knownUntil = options.knownUntil ?? options.at;
  const events = [...distinct.events, ...freeze.counted].filter((event) => occurredAtInstant(event) <= knownUntil);

  const caseEvents = new CaseEventCollector();
  // The collector keeps what belongs to a case; the rest is about people.
  const citizenFacts = collectCitizenFacts(events.filter((event) => !caseEvents.add(event)));

  const { facts: caseFacts, held: heldConclusions } = caseEvents.caseFacts(freeze);

  const at = options.at;
  const caseStatuses = new Map<string, CaseStatus>();
  for (const [caseId, facts] of [...caseFacts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    caseStatuses.set(caseId, pensionCaseStatus({ facts, at, calendar: options.calendar }));
  }

  const citizens = citizenStates({ ...citizenFacts, caseFacts, freeze, at });
  return { at: formatKazakhstanInstant(at), citizens, cases: caseStatuses, conflicts, heldConclusions };
}

/** A derivation as plain JSON (the `ops derive` output and what tests compare). */
export function derivationToJson(derivation: Derivation) {
  return {
    at: derivation.at,
    citizens: Object.fromEntries(derivation.citizens),
    cases: Object.fromEntries(derivation.cases),
    conflicts: derivation.conflicts,
    // The patient is an IIN: `ops derive` prints this and labels citizens, so it is left out here.
    heldConclusions: derivation.heldConclusions.map(({ patient: _patient, ...held }) => held),
  };
}
