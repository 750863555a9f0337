import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutboxBegin, OutboxMarkers, OutboxState } from '../../app/ports';
import { isConditionFailure } from './conditions';
import { outboxKey } from './keys';
import { expiresAt } from './retention';
import { TABLE_KEYS } from './table';

/** Outbox markers `OUTBOX#<key>`: `pending` until the message is confirmed sent. */
export class DynamoOutboxMarkers implements OutboxMarkers {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async begin(key: string): Promise<OutboxBegin> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...outboxKey(key), status: 'pending', expiresAt: expiresAt(this.now()) },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'begun';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // No old item returned: read it, rather than guess.
      const status = error.Item ? unmarshall(error.Item).status : await this.state(key);
      return status === 'sent' ? 'already_sent' : 'begun';
    }
  }

  async confirm(key: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: outboxKey(key),
        UpdateExpression: 'SET #status = :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
      }),
    );
  }

  async state(key: string): Promise<OutboxState> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: outboxKey(key), ConsistentRead: true }),
    );
    const status = result.Item?.status;
    if (status === 'sent') return 'sent';
    return status === undefined ? 'none' : 'pending';
  }
}
