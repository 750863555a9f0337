import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** The one check for "the condition of a conditional write did not hold" (the item it stopped comes back on it). */
export function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}
