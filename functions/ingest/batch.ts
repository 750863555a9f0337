import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { TaggedChange } from '../../shared/adapters/sqs/change-sink';
import { createIngestRecordHandler, type IngestDependencies, type IngestTelemetry } from './record-handler';

/** Where a batch's changes go at its end: answers the records of which some change was not accepted. */
export interface BatchChangePublisher {
  publishTagged(changes: readonly TaggedChange[]): Promise<Set<string>>;
}

export interface IngestBatchDependencies extends Omit<IngestDependencies, 'changes' | 'telemetry'> {
  changes: BatchChangePublisher;
  /** `flush` (if any) runs once at the end of every batch: counts aggregated per invocation are handed over then. */
  telemetry: IngestTelemetry & { flush?(): void };
}

/**
 * One SQS batch: every record through the record handler (Powertools partial batch responses), then the changes of
 * the records that succeeded sent together — `SendMessageBatch` ten at a time instead of a request per record. A
 * record whose changes were not all accepted is reported in `batchItemFailures`: SQS delivers it alone again, the
 * store answers "duplicate", and its changes are handed over again (the planner de-duplicates by its own ids). So
 * nothing is lost and nothing is dropped silently; the changes of a failed record are not sent at all.
 */
export function createIngestBatchHandler(deps: IngestBatchDependencies) {
  const processor = new BatchProcessor(EventType.SQS);
  const { telemetry } = deps;
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const pending: TaggedChange[] = [];
    const handleRecord = (record: SQSRecord) =>
      createIngestRecordHandler({
        ...deps,
        changes: {
          publish: async (changes) => {
            for (const change of changes) pending.push({ tag: record.messageId, change });
          },
        },
      })(record);
    try {
      const result = await processPartialResponse(event, handleRecord, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
      const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
      const unsent = await deps.changes.publishTagged(pending.filter(({ tag }) => !failed.has(tag)));
      for (const messageId of unsent) {
        telemetry.error('changes not accepted by the queue; SQS will deliver the message again', { messageId });
        telemetry.count('MessagesRetried');
      }
      return {
        batchItemFailures: [
          ...result.batchItemFailures,
          ...[...unsent].map((messageId) => ({ itemIdentifier: messageId })),
        ],
      };
    } finally {
      telemetry.flush?.();
    }
  };
}
