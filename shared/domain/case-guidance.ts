import type { CaseStatus } from './pension-case';

/** What the citizen should do next about a case (BRIEF 2.4; seed 000 §9–§23). */
export type NextStep = 'get-dkk' | 'upload-documents' | 'wait-for-payment' | 'stage-two' | 'contact-operator' | 'none';

/**
 * The next step for a case: after the credit, get the ДКК conclusion; with it, upload the contract or invoice and the
 * conclusion to the operator; then wait for the clinic payment — or call the operator when it is late; for two-stage
 * dental treatment, get the stage-2 conclusion after stage 1 is paid; once the deadline passed without documents,
 * only the operator can help.
 */
export function nextStep(status: CaseStatus): NextStep {
  switch (status.state) {
    case 'funds_credited':
      return 'get-dkk';
    case 'dkk_issued':
      return 'upload-documents';
    case 'documents_submitted':
      return status.transferOverdue ? 'contact-operator' : 'wait-for-payment';
    case 'stage1_paid':
      return 'stage-two';
    case 'return_due':
      return 'contact-operator';
    default:
      return 'none';
  }
}
