import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeSink, Telemetry } from '../../app/ports';
import { type ChangeMessage, encodeChangeMessage } from '../../contracts/internal';
import { sendBodies } from './queues';

/** SQS takes at most ten messages per `SendMessageBatch`. */
const SQS_BATCH_LIMIT = 10;

/** A change and the SQS record (its `messageId`) whose processing produced it. */
export interface TaggedChange {
  tag: string;
  change: ChangeMessage;
}

/**
 * What may be logged of a failed request: the error's class and AWS code, its HTTP status and whether it is ours or
 * SQS's — never its message, which can quote the request (a message body carries keyed hashes and event data).
 */
function failureOf(error: unknown): Record<string, string | number> {
  const { name, Code, code, $fault, $metadata } = (error ?? {}) as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 128) : undefined);
  const status = $metadata?.httpStatusCode;
  return {
    errorName: text(name) ?? 'unknown',
    ...(text(Code ?? code) ? { errorCode: text(Code ?? code) as string } : {}),
    ...(text($fault) ? { fault: text($fault) as string } : {}),
    ...(typeof status === 'number' ? { httpStatus: status } : {}),
  };
}

/**
 * Changes to the internal changes queue that the planner consumes: one message per change, encoded by the contract,
 * carrying keyed hashes only. A partial failure throws (`MessagesNotSentError`), so the ingest message is delivered
 * again; the consumer de-duplicates by its own deterministic ids.
 */
export class SqsChangeSink implements ChangeSink {
  /** `log`: where a failed request is reported, once per request, by the error's name and code only. */
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly log?: Pick<Telemetry, 'warn'>,
  ) {}

  publish(changes: readonly ChangeMessage[]): Promise<void> {
    return sendBodies(this.sqs, this.queueUrl, changes.map(encodeChangeMessage));
  }

  /**
   * A whole batch's changes at once, packed ten to a `SendMessageBatch` whatever record they came from, the requests
   * in parallel. Answers the tags (records) of which at least one change was not accepted — an entry SQS refused or a
   * request that failed as a whole — so that only those records are delivered again; it never throws.
   */
  async publishTagged(changes: readonly TaggedChange[]): Promise<Set<string>> {
    const chunks: TaggedChange[][] = [];
    for (let start = 0; start < changes.length; start += SQS_BATCH_LIMIT) {
      chunks.push(changes.slice(start, start + SQS_BATCH_LIMIT));
    }
    const failed = await Promise.all(chunks.map((chunk) => this.#sendChunk(chunk)));
    return new Set(failed.flat());
  }

  async #sendChunk(chunk: readonly TaggedChange[]): Promise<string[]> {
    try {
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map(({ change }, index) => ({ Id: String(index), MessageBody: encodeChangeMessage(change) })),
        }),
      );
      // An entry neither listed as sent nor as failed is treated as failed: nothing is assumed delivered.
      const sent = new Set((result.Successful ?? []).map((entry) => entry.Id));
      const unsent = chunk.flatMap(({ tag }, index) => (sent.has(String(index)) ? [] : [tag]));
      if (unsent.length > 0) this.#entriesRefused(result.Failed ?? [], unsent.length);
      return unsent;
    } catch (error) {
      this.log?.warn('SendMessageBatch to the changes queue failed', { ...failureOf(error), entries: chunk.length });
      return chunk.map(({ tag }) => tag);
    }
  }

  /** Entries SQS refused in an answered request: their codes (distinct), once for the request. */
  #entriesRefused(failed: readonly { Code?: string; SenderFault?: boolean }[], unsent: number): void {
    const codes = [...new Set(failed.map((entry) => entry.Code ?? 'unknown'))].sort().join(',');
    this.log?.warn('SendMessageBatch to the changes queue refused entries', {
      errorCode: codes.slice(0, 256) || 'none listed',
      senderFault: failed.some((entry) => entry.SenderFault === true),
      entries: unsent,
    });
  }
}
