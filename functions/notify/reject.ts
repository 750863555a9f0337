import type { SQSRecord } from 'aws-lambda';
import type { DeadLetterSink, Telemetry } from '../../shared/app/ports';

/** A message that can never succeed: to its DLQ with the reason, a warning with the message id, a metric by field. */
export async function rejectMessage(
  deps: { deadLetters: DeadLetterSink; telemetry: Telemetry },
  record: SQSRecord,
  problem: { field: string; reason: string },
  what: string,
): Promise<void> {
  await deps.deadLetters.send({ record, reason: problem.reason, category: problem.field });
  deps.telemetry.warn(`${what} rejected and dead-lettered`, { messageId: record.messageId, reason: problem.reason });
  deps.telemetry.count('MessagesRejected', { reason: problem.field });
}
