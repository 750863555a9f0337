import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { Instant } from '../../domain/dates';
import { derive } from '../../domain/derive';
import {
  contributionHistory,
  type InsuranceStatus,
  insuranceStatus,
  type MonthContributions,
} from '../../domain/insurance';
import type { CaseStatus } from '../../domain/pension-case';
import { type FactRecord, toDomainEvent } from './fact-record';
import type { FactStore } from './fact-store';

/** Every fact a case's status depends on: its own events, and its patient's ДКК conclusions filed without a case id. */
export async function caseFactRecords(store: FactStore, caseId: string): Promise<FactRecord[]> {
  const own = await store.caseFacts(caseId);
  const application = own.find((fact) => fact.type === 'pension.application.submitted');
  if (!application) return own;
  const patientKey = String(application.data.patientKey ?? application.data.citizenKey);
  const conclusions = (await store.citizenFacts(patientKey)).filter((fact) => fact.type === 'dkk.conclusion.issued');
  return [...own, ...conclusions];
}

/** The citizens a case concerns — the applicant and the patient — from its application, if it has arrived. */
export function casePartiesOf(records: readonly FactRecord[]): string[] {
  const application = records.find((record) => record.type === 'pension.application.submitted');
  if (!application) return [];
  return [
    ...new Set([
      String(application.data.citizenKey),
      String(application.data.patientKey ?? application.data.citizenKey),
    ]),
  ];
}

/**
 * A case's status from stored facts: the same `derive` the ops CLI runs on raw events, counting every fact we hold
 * (a sender's clock a little ahead of ours must not hide an event it just sent).
 */
export function caseStatusFrom(
  records: readonly FactRecord[],
  caseId: string,
  options: { at: Instant; calendar: WorkingCalendar },
): CaseStatus | undefined {
  return derive({ events: records.map(toDomainEvent), ...options, knownUntil: Number.POSITIVE_INFINITY }).cases.get(
    caseId,
  );
}

export interface CitizenView {
  insurance: InsuranceStatus;
  contributions: MonthContributions[];
  /** A masked IIN for display, from any fact that carried one. */
  iinMasked: string | undefined;
  caseIds: string[];
}

/** What the bot shows a linked citizen: status, the last 12 months, and their cases (reads: 2 queries). */
export async function citizenView(
  store: FactStore,
  citizenKey: string,
  options: { at: Instant; calendar: WorkingCalendar },
): Promise<CitizenView> {
  const [facts, caseIds] = await Promise.all([store.citizenFacts(citizenKey), store.casesOf(citizenKey)]);
  const events = facts.map(toDomainEvent);
  const derived = derive({ events, ...options, knownUntil: Number.POSITIVE_INFINITY }).citizens.get(citizenKey);
  const payments = events.flatMap((event) => (event.type === 'osms.payment' ? [event.data] : []));
  return {
    insurance: derived?.insurance ?? insuranceStatus({ payments: [], at: options.at }),
    contributions: contributionHistory({ payments, at: options.at }),
    iinMasked: facts.find((fact) => fact.iinMasked)?.iinMasked,
    caseIds,
  };
}
