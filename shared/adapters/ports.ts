import type { SQSRecord } from 'aws-lambda';
import type { FactChange } from '../domain/changes';

/** Hands what a stored fact changed to the scheduling and notification capability. Must throw if it cannot. */
export interface ChangeSink {
  publish(changes: readonly FactChange[]): Promise<void>;
}

/** A message that can never succeed, with why; sent to its queue's dead-letter queue at once instead of retried. */
export interface DeadLetter {
  record: SQSRecord;
  /** Names the field and the rule, never a value (see `shared/contracts/parse.ts`). */
  reason: string;
  /** A short, bounded category for metrics: the field for invalid messages, `conflict` for conflicts. */
  category: string;
}

export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/** Logs and metrics as the handlers use them; attributes must never carry an IIN, phone, name or message text. */
export interface Telemetry {
  info(message: string, attributes?: Record<string, string | number | boolean>): void;
  warn(message: string, attributes?: Record<string, string | number | boolean>): void;
  error(message: string, attributes?: Record<string, string | number | boolean>): void;
  count(metric: string, dimensions?: Record<string, string>): void;
}

/** Keeps changes in memory: the local stack and the tests use it until the scheduler consumes them (issue 4). */
export class InMemoryChangeSink implements ChangeSink {
  readonly published: FactChange[] = [];

  async publish(changes: readonly FactChange[]): Promise<void> {
    this.published.push(...changes);
  }
}

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
