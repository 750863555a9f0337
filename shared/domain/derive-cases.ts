import { conclusionMismatch, type HeldConclusion, type HeldConclusionReason } from './case-conclusions';
import { latestOf } from './event-log';
import type {
  ApplicationSubmittedEvent,
  DkkConclusionData,
  DkkConclusionEvent,
  DocumentsRejectedEvent,
  DocumentsSubmittedEvent,
  FundsCreditedEvent,
  FundsReturnedEvent,
  TransferCompletedData,
  TransferRequestedData,
  UpstreamEvent,
} from './events';
import type { CaseFacts } from './pension-case';
import type { ConflictFreeze } from './review';

interface CaseEvents {
  applications: ApplicationSubmittedEvent[];
  credits: FundsCreditedEvent[];
  returns: FundsReturnedEvent[];
  documents: DocumentsSubmittedEvent[];
  rejections: DocumentsRejectedEvent[];
  transferRequests: TransferRequestedData[];
  transfers: TransferCompletedData[];
}

/** The value under `key`, made and stored first when absent. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

const emptyCase = (): CaseEvents => ({
  applications: [],
  credits: [],
  returns: [],
  documents: [],
  rejections: [],
  transferRequests: [],
  transfers: [],
});

const emptyFacts = (caseId: string): CaseFacts => ({
  caseId,
  credits: [],
  returns: [],
  dkk: [],
  documents: [],
  rejections: [],
  transferRequests: [],
  transfers: [],
});

/** The pension-case events of a derivation, grouped by case (ДКК conclusions by conclusion id). */
export class CaseEventCollector {
  private readonly cases = new Map<string, CaseEvents>();
  private readonly conclusions = new Map<string, DkkConclusionEvent[]>();

  /** Takes a case event; answers false for an event that is not about a pension case. */
  add(event: UpstreamEvent): boolean {
    const of = (caseId: string) => getOrCreate(this.cases, caseId, emptyCase);
    switch (event.type) {
      case 'pension.application.submitted':
        of(event.data.caseId).applications.push(event);
        return true;
      case 'pension.funds.credited':
        of(event.data.caseId).credits.push(event);
        return true;
      case 'pension.funds.returned':
        of(event.data.caseId).returns.push(event);
        return true;
      case 'pension.documents.submitted':
        of(event.data.caseId).documents.push(event);
        return true;
      case 'pension.documents.rejected':
        of(event.data.caseId).rejections.push(event);
        return true;
      case 'pension.transfer.requested':
        of(event.data.caseId).transferRequests.push(event.data);
        return true;
      case 'pension.transfer.completed':
        of(event.data.caseId).transfers.push(event.data);
        return true;
      case 'dkk.conclusion.issued':
        getOrCreate(this.conclusions, event.data.conclusionId, () => []).push(event);
        return true;
      default:
        return false;
    }
  }

  /**
   * The facts of every case, with the ДКК conclusions attached where seed 000 §9 allows it and the others held, and
   * the cases a conflict touches marked under review.
   */
  caseFacts(freeze: ConflictFreeze): { facts: Map<string, CaseFacts>; held: HeldConclusion[] } {
    const facts = new Map<string, CaseFacts>();
    for (const [caseId, collected] of this.cases) {
      const application = latestOf(collected.applications)?.data;
      const { applications: _applications, ...rest } = collected;
      facts.set(caseId, { ...emptyFacts(caseId), ...rest, ...(application ? { application } : {}) });
    }
    const held = attachConclusions(facts, this.conclusions);
    freezeCases(facts, freeze);
    return { facts, held };
  }
}

/**
 * Where each ДКК conclusion goes (seed 000 §9; `case-conclusions.ts`). One that names its case is attached to it when
 * its patient, the case's application and credit allow it; one without a case id is attached to every case of its
 * patient that allows it. What goes nowhere is held, with the reason, for an operator: a 2024 conclusion is never
 * announced on a 2026 case, and no one is told "upload documents" before the money arrived.
 */
function attachConclusions(facts: Map<string, CaseFacts>, byId: Map<string, DkkConclusionEvent[]>): HeldConclusion[] {
  const byPatient = new Map<string, CaseFacts[]>();
  for (const caseFacts of facts.values()) {
    const application = caseFacts.application;
    if (application) getOrCreate(byPatient, application.patientIin ?? application.iin, () => []).push(caseFacts);
  }
  const attached = new Map<string, DkkConclusionData[]>();
  const refusedBy = new Map<string, { conclusionId: string; reason: HeldConclusionReason }[]>();
  const held: HeldConclusion[] = [];
  for (const versions of byId.values()) {
    const conclusion = latestOf(versions)?.data;
    if (!conclusion) continue;
    const { conclusionId, iin: patient, caseId } = conclusion;
    const candidates = caseId ? [facts.get(caseId) ?? emptyFacts(caseId)] : (byPatient.get(patient) ?? []);
    if (candidates.length === 0) held.push({ conclusionId, patient, reason: 'no_case' });
    const refused: HeldConclusion[] = [];
    for (const candidate of candidates) {
      const reason = conclusionMismatch(conclusion, candidate);
      if (!reason) getOrCreate(attached, candidate.caseId, () => []).push(conclusion);
      else {
        refused.push({ conclusionId, patient, reason, caseId: candidate.caseId });
        getOrCreate(refusedBy, candidate.caseId, () => []).push({ conclusionId, reason });
      }
    }
    // Held for review only when it found no case at all: one of the patient's cases took it.
    if (refused.length === candidates.length) held.push(...refused);
  }
  for (const [caseId, caseFacts] of facts) {
    const dkk = attached.get(caseId) ?? [];
    const heldConclusions = refusedBy.get(caseId) ?? [];
    facts.set(caseId, { ...caseFacts, dkk, ...(heldConclusions.length > 0 ? { heldConclusions } : {}) });
  }
  return held.sort((a, b) => compare(a.conclusionId, b.conclusionId) || compare(a.caseId ?? '', b.caseId ?? ''));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Cases a conflict touches — directly, or through their patient's case-less ДКК conclusion — are under review. */
function freezeCases(facts: Map<string, CaseFacts>, freeze: ConflictFreeze): void {
  for (const caseId of freeze.cases) {
    if (!facts.has(caseId)) facts.set(caseId, emptyFacts(caseId));
  }
  for (const [caseId, caseFacts] of facts) {
    const application = caseFacts.application;
    const patient = application ? (application.patientIin ?? application.iin) : undefined;
    if (freeze.cases.has(caseId) || (patient !== undefined && freeze.patients.has(patient))) {
      facts.set(caseId, { ...caseFacts, underReview: true });
    }
  }
}
