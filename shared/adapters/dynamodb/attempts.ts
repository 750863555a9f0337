import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** Counts IIN-matching attempts per chat per day; kept apart from the chat so `/forget` cannot reset it. */
export interface LinkAttempts {
  /** Records one attempt and returns how many were made that day, this one included. */
  register(chatId: number, day: string): Promise<number>;
}

export class DynamoLinkAttempts implements LinkAttempts {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async register(chatId: number, day: string): Promise<number> {
    const result = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `ATTEMPTS#${chatId}#${day}`, sk: 'ATTEMPTS' },
        UpdateExpression: 'ADD attempts :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':expires': Math.floor(this.now() / 1000) + 2 * 86_400 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.attempts ?? 1);
  }
}
