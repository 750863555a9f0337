import type { CaseStatus } from './pension-case';
import type { Treatment } from './rules/treatments';

/** What the citizen should do next about a case (BRIEF 2.4; seed 000 §9–§23). */
export type NextStep =
  | 'get-dkk'
  | 'upload-documents'
  | 'fix-documents'
  | 'sign-conversion-application'
  | 'wait-for-payment'
  | 'stage-two'
  | 'contact-operator'
  | 'none';

/** Steps on which the citizen still has to hand something in before the clinic can be paid. */
const PREPARING = new Set<NextStep>(['get-dkk', 'upload-documents', 'fix-documents', 'stage-two']);

function stepByState(status: CaseStatus): NextStep {
  switch (status.state) {
    case 'funds_credited':
      return status.documentsRejected ? 'fix-documents' : 'get-dkk';
    case 'dkk_issued':
      return status.documentsRejected ? 'fix-documents' : 'upload-documents';
    case 'documents_submitted':
      if (status.awaitingApplication) return 'sign-conversion-application';
      return status.transferOverdue ? 'contact-operator' : 'wait-for-payment';
    case 'stage1_paid':
      return status.documentsRejected ? 'fix-documents' : 'stage-two';
    case 'return_due':
      return 'contact-operator';
    default:
      return 'none';
  }
}

/**
 * The next step for a case: after the credit, get the ДКК conclusion (§9: money first, then ДКК); with it, upload the
 * contract or invoice and the conclusion to the operator (§20); after a rejection, hand in corrected documents (§21);
 * for a conversion or a transfer abroad, sign that application in the operator's cabinet (§22); then wait for the
 * clinic payment — or call the operator when it is late; for two-stage dental treatment, get the stage-2 conclusion
 * after stage 1 is paid. Once the deadline day is over without documents only the operator can help, and a case whose
 * treatment the rules in force on its credit date do not list (a review flag) is sent to the operator rather than told
 * to prepare documents our rules cannot vouch for.
 */
export function nextStep(status: CaseStatus): NextStep {
  const step = stepByState(status);
  if (!PREPARING.has(step)) return step;
  if (status.deadlinePhase === 'passed') return 'contact-operator';
  if (status.reviewFlags.some((flag) => flag.code === 'treatment_not_allowed')) return 'contact-operator';
  return step;
}

/**
 * The papers a citizen may be asked for, by our ids (the messages render them):
 * - `id_copy`, `specialist_conclusion`: to ask the attached clinic for a ДКК conclusion (§9);
 * - `dental_examination_plan`, `dental_xray`, `dental_clinic_license`: added for dental implants and prosthetics
 *   before treatment (§22-1);
 * - `dkk_conclusion`: the ДКК conclusion, form 026/е (§11, §22 1));
 * - `services_contract`: the contract (or invoice, §20) naming the service, the patient's full name, birth date and the
 *   ДКК diagnosis (§22 2));
 * - `dental_treatment_plan`: the two-stage treatment plan with amounts attached to an implant contract (§20);
 * - `notarised_translation`: a notarised translation of a contract in a foreign language (§22);
 * - `implant_xray`: the panoramic or 3-D X-ray after the implant is placed, for the stage-2 conclusion (§22-1);
 * - `prosthesis_xray_or_photo`: the final X-ray (fixed) or a photo with the prosthesis (removable), for the stage-2
 *   conclusion of prosthetics (§22-1);
 * - `conversion_application`: the signed conversion / international-transfer application (§22).
 */
export const DOCUMENT_IDS = [
  'id_copy',
  'specialist_conclusion',
  'dental_examination_plan',
  'dental_xray',
  'dental_clinic_license',
  'dkk_conclusion',
  'services_contract',
  'dental_treatment_plan',
  'notarised_translation',
  'implant_xray',
  'prosthesis_xray_or_photo',
  'conversion_application',
] as const;
export type DocumentId = (typeof DOCUMENT_IDS)[number];

const DENTAL: readonly Treatment[] = ['dental_implantation', 'dental_prosthetics'];

function forDkk(treatment: Treatment | null): DocumentId[] {
  const dental: DocumentId[] =
    treatment && DENTAL.includes(treatment) ? ['dental_examination_plan', 'dental_xray', 'dental_clinic_license'] : [];
  return ['id_copy', 'specialist_conclusion', ...dental];
}

function forUpload(treatment: Treatment | null): DocumentId[] {
  const plan: DocumentId[] = treatment === 'dental_implantation' ? ['dental_treatment_plan'] : [];
  return ['dkk_conclusion', 'services_contract', ...plan, 'notarised_translation'];
}

/**
 * Exactly what to hand in for the case's next step, in the order to read them (seed 000 §9, §20, §22, §22-1): for the
 * ДКК conclusion at the attached clinic, for the operator's cabinet (stage 1, or again after a rejection), for the
 * stage-2 conclusion of dental treatment, or the signed conversion application. Empty when nothing is to be handed in.
 * The treatment decides the dental extras; *choice*: a notarised translation is always listed "if the contract is in a
 * foreign language", since we do not know the contract's language.
 */
export function documentsToHandIn(status: CaseStatus): DocumentId[] {
  const step = nextStep(status);
  const treatment = status.treatment;
  switch (step) {
    case 'get-dkk':
      return forDkk(treatment);
    case 'upload-documents':
      return forUpload(treatment);
    case 'fix-documents':
      return status.stage === 2 ? ['dkk_conclusion', 'services_contract'] : forUpload(treatment);
    case 'stage-two':
      return [treatment === 'dental_prosthetics' ? 'prosthesis_xray_or_photo' : 'implant_xray', 'dkk_conclusion'];
    case 'sign-conversion-application':
      return ['conversion_application'];
    default:
      return [];
  }
}
