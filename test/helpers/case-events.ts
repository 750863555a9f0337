import type {
  DocumentsRejectedData,
  DocumentsRejectedEvent,
  TransferRequestedData,
  TransferRequestedEvent,
  UpstreamEvent,
} from '../../shared/domain/events';
import { sourceFor } from './events';

let counter = 0;

function nextId(type: string): string {
  counter += 1;
  return `case-${type}-${counter}`;
}

/** The operator rejected a stage's documents (issue 13 item 7). */
export function rejected(
  data: Partial<DocumentsRejectedData> = {},
  overrides: Partial<UpstreamEvent> = {},
): DocumentsRejectedEvent {
  return {
    eventId: nextId('rejected'),
    type: 'pension.documents.rejected',
    occurredAt: '2024-03-01T09:00:00+05:00',
    source: sourceFor('pension.documents.rejected'),
    schemaVersion: 1,
    data: { caseId: 'OB-1', stage: 1, rejectedOn: '2026-04-20', reasonCode: 'contract_mismatch', ...data },
    ...(overrides as Partial<DocumentsRejectedEvent>),
  };
}

/** The applicant signed the conversion / international-transfer application (issue 13 item 10). */
export function transferRequested(
  data: Partial<TransferRequestedData> = {},
  overrides: Partial<UpstreamEvent> = {},
): TransferRequestedEvent {
  return {
    eventId: nextId('requested'),
    type: 'pension.transfer.requested',
    occurredAt: '2024-03-01T09:00:00+05:00',
    source: sourceFor('pension.transfer.requested'),
    schemaVersion: 1,
    data: { caseId: 'OB-1', stage: 1, transferKind: 'international', signedOn: '2026-04-16', ...data },
    ...(overrides as Partial<TransferRequestedEvent>),
  };
}
