import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { type Instant, kazakhstanDate, type Period } from '../domain/dates';
import { type Derivation, derive } from '../domain/derive';
import { latestOf } from '../domain/event-log';
import {
  contributionHistory,
  type InsuranceStatus,
  insuranceStatus,
  type MonthContributions,
} from '../domain/insurance';
import { exemptionMonths, exemptionPeriods } from '../domain/payer-basis';
import type { CaseStatus } from '../domain/pension-case';
import { type FactRecord, toDomainEvent } from './fact-record';
import type { FactStore } from './ports/fact-store';

/** What a view needs: the facts, the moment it is seen at, and the calendar. */
export interface ViewContext {
  facts: FactStore;
  at: Instant;
  calendar: WorkingCalendar;
}

/**
 * `derive` over stored facts: every version we hold counts as the domain's conflict rules say (shared/domain/
 * review.ts), ids the store marked as in conflict are frozen even where this owner holds only one of their versions,
 * and every fact we hold counts whatever its sender's clock said (a clock a little ahead of ours must not hide it).
 */
export function deriveStored(records: readonly FactRecord[], options: { at: Instant; calendar: WorkingCalendar }) {
  const flagged = new Set(records.filter((record) => record.conflict).map((record) => record.eventKey));
  return derive({ events: records.map(toDomainEvent), ...options, knownUntil: Number.POSITIVE_INFINITY, flagged });
}

/** Every fact a case's status depends on: its own events, and its patient's ДКК conclusions filed without a case id. */
export async function caseFactRecords(store: FactStore, caseId: string): Promise<FactRecord[]> {
  const own = await store.caseFacts(caseId);
  const parties = casePartiesOf(own);
  if (parties.length === 0) return own;
  const patientKey = parties[parties.length - 1] as string;
  const conclusions = (await store.citizenFacts(patientKey)).filter((fact) => fact.type === 'dkk.conclusion.issued');
  return [...own, ...conclusions];
}

/**
 * The citizens a case concerns — the applicant, then the patient — from the application that counts: the one that
 * occurred latest (upstream's correction, as `derive` chooses it), never the first stored. Versions of an application
 * in conflict choose the same way; a corrected applicant stops being told about the case.
 */
export function casePartiesOf(records: readonly FactRecord[]): string[] {
  const applications = records
    .filter((record) => record.type === 'pension.application.submitted')
    .map((record) => toDomainEvent(record))
    .filter((event) => event.type === 'pension.application.submitted');
  const application = latestOf(applications)?.data;
  if (!application) return [];
  return [...new Set([application.iin, application.patientIin ?? application.iin])];
}

/** A case's status from its stored facts, or undefined while no fact of it has arrived. */
export function caseStatusFrom(
  records: readonly FactRecord[],
  caseId: string,
  options: { at: Instant; calendar: WorkingCalendar },
): CaseStatus | undefined {
  return deriveStored(records, options).cases.get(caseId);
}

export interface CitizenView {
  insurance: InsuranceStatus;
  contributions: MonthContributions[];
  /** Months whose payment is in conflict: "being checked". */
  monthsUnderReview: Period[];
  /** The phone of record is in conflict: linking refuses as for a wrong phone. */
  contactUnderReview: boolean;
  /** A masked IIN for display, from any fact that carried one. */
  iinMasked: string | undefined;
  caseIds: string[];
}

function citizenViewOf(
  derivation: Derivation,
  records: readonly FactRecord[],
  citizenKey: string,
  at: Instant,
): Omit<CitizenView, 'caseIds'> {
  const derived = derivation.citizens.get(citizenKey);
  const payments = records.flatMap((record) => {
    const event = toDomainEvent(record);
    return event.type === 'osms.payment' && !record.conflict ? [event.data] : [];
  });
  const exemptions = exemptionPeriods(
    records.flatMap((record) => {
      const event = toDomainEvent(record);
      return event.type === 'osms.exemption' && !record.conflict ? [event] : [];
    }),
  );
  const monthsUnderReview = derived?.monthsUnderReview ?? [];
  // Months an exemption in conflict may cover are "being checked" on /payments, never ❌ (issue 14 item 1).
  const disputed = records.flatMap((record) => {
    const event = toDomainEvent(record);
    return event.type === 'osms.exemption' && record.conflict ? exemptionMonths(event.data, kazakhstanDate(at)) : [];
  });
  const underReview = [...new Set([...monthsUnderReview, ...disputed])];
  return {
    insurance: derived?.insurance ?? insuranceStatus({ payments: [], at }),
    contributions: contributionHistory({ payments, at, underReview, exemptions }),
    monthsUnderReview,
    contactUnderReview: derived?.contactUnderReview ?? false,
    iinMasked: records.find((record) => record.iinMasked)?.iinMasked,
  };
}

/** What the bot shows a linked citizen: status, the last 12 months, and their case ids (reads: 2 queries). */
export async function citizenView(context: ViewContext, citizenKey: string): Promise<CitizenView> {
  const [records, caseIds] = await Promise.all([
    context.facts.citizenFacts(citizenKey),
    context.facts.casesOf(citizenKey),
  ]);
  const derivation = deriveStored(records, context);
  return { ...citizenViewOf(derivation, records, citizenKey, context.at), caseIds };
}

/** A case as it is now and who it concerns (applicant and patient); the status is undefined before any fact. */
export async function caseWithParties(
  context: ViewContext,
  caseId: string,
): Promise<{ status: CaseStatus | undefined; citizenKeys: string[] }> {
  const records = await caseFactRecords(context.facts, caseId);
  return { status: caseStatusFrom(records, caseId, context), citizenKeys: casePartiesOf(records) };
}

/** One case as the citizen and the operator see it, or undefined while no fact of it has arrived. */
export async function caseView(context: ViewContext, caseId: string): Promise<CaseStatus | undefined> {
  return (await caseWithParties(context, caseId)).status;
}

/**
 * Every case of a citizen (applicant or patient), each derived once — only while they are a party of the application
 * that counts: a case whose application was corrected to another person is no longer shown to the first.
 */
export async function casesOfCitizen(context: ViewContext, citizenKey: string): Promise<CaseStatus[]> {
  const cases = await Promise.all((await context.facts.casesOf(citizenKey)).map((id) => caseWithParties(context, id)));
  return cases.flatMap(({ status, citizenKeys }) =>
    status !== undefined && citizenKeys.includes(citizenKey) ? [status] : [],
  );
}
