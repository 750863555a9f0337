import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ChatRecord, type ChatStore, linkShard, type UpdateKey } from '../../app/ports/chat-store';
import { isConditionFailure } from './conditions';
import { chatKey, chatListSort, citizenChatsOwner, linkedShardList, updateKey, withoutKeys } from './keys';
import { queryAll } from './query-all';
import { TABLE_KEYS } from './table';

/** How long a handled update's mark is kept: Telegram gives up on an update after 24 hours. */
const UPDATE_MARK_SECONDS = 3 * 86_400;

function toItem(chat: ChatRecord) {
  const linked = chat.citizenKey !== undefined && chat.active;
  const { byOwner, byList } = TABLE_KEYS;
  return {
    ...chatKey(chat.chatId),
    ...chat,
    // Indexed only while linked and active: the citizen's chats (byOwner) and the sweep's shards (byList).
    ...(linked
      ? {
          [byOwner.partitionKey]: citizenChatsOwner(chat.citizenKey ?? ''),
          [byOwner.sortKey]: chatListSort(chat.chatId),
          [byList.partitionKey]: linkedShardList(linkShard(chat.chatId)),
          [byList.sortKey]: chatListSort(chat.chatId),
        }
      : {}),
  };
}

function fromItem(item: Record<string, unknown>): ChatRecord {
  return withoutKeys(item) as unknown as ChatRecord;
}

/**
 * Chats in the one table (docs/data-model.md): `CHAT#<chatId>`, indexed by citizen and by sweep shard; the marks of
 * handled webhook updates `UPDATE#<botId>#<updateId>` (with a TTL).
 */
export class DynamoChatStore implements ChatStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async getChat(chatId: number): Promise<ChatRecord | undefined> {
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: chatKey(chatId) }));
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async putChat(chat: ChatRecord): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: toItem(chat) }));
  }

  async chatsOfCitizen(citizenKey: string): Promise<ChatRecord[]> {
    const { byOwner } = TABLE_KEYS;
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: byOwner.name,
      KeyConditionExpression: '#pk = :owner',
      ExpressionAttributeNames: { '#pk': byOwner.partitionKey },
      ExpressionAttributeValues: { ':owner': citizenChatsOwner(citizenKey) },
    });
    return items.map(fromItem);
  }

  async markInactive(chatId: number): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: chatKey(chatId),
          UpdateExpression: 'SET active = :no REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':no': false },
        }),
      )
      .catch((error: Error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async reactivate(chatId: number): Promise<ChatRecord | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: chatKey(chatId), ConsistentRead: true }),
    );
    if (result.Item?.active !== false) return undefined;
    const chat = { ...fromItem(result.Item), active: true };
    try {
      // Re-indexed with the record (an update expression cannot derive the index keys from `citizenKey`); the
      // condition makes two concurrent re-activations report it once and never revive a forgotten chat.
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(chat),
          ConditionExpression: 'active = :no',
          ExpressionAttributeValues: { ':no': false },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    return chat;
  }

  async *linkedChats(shard: number): AsyncIterable<ChatRecord> {
    const { byList } = TABLE_KEYS;
    const pages = paginateQuery(
      { client: this.documents },
      {
        TableName: this.tableName,
        IndexName: byList.name,
        KeyConditionExpression: '#pk = :shard',
        ExpressionAttributeNames: { '#pk': byList.partitionKey },
        ExpressionAttributeValues: { ':shard': linkedShardList(shard) },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield fromItem(item);
  }

  async deleteChat(chatId: number): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: chatKey(chatId) }));
  }

  async claimUpdate(update: UpdateKey): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...updateKey(update.botId, update.updateId),
            [TABLE_KEYS.ttlAttribute]: Math.floor(this.now() / 1000) + UPDATE_MARK_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseUpdate(update: UpdateKey): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: updateKey(update.botId, update.updateId) }),
    );
  }
}
