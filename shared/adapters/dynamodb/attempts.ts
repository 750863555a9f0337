import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkAttempts } from '../../app/ports/chat-store';
import { attemptsKey } from './keys';

export type { LinkAttempts } from '../../app/ports/chat-store';

/** `ATTEMPTS#<chatId>#<day>`, expiring after 2 days: apart from the chat record, so `/forget` cannot reset it. */
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
        Key: attemptsKey(chatId, day),
        UpdateExpression: 'ADD attempts :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':expires': Math.floor(this.now() / 1000) + 2 * 86_400 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.attempts ?? 1);
  }
}
