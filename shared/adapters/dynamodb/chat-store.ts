import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ChatRecord, type ChatStore, linkShard } from '../store/chat-store';
import { queryAll } from './query-all';
import { TABLE_KEYS } from './table';

const chatKey = (chatId: number) => ({ pk: `CHAT#${chatId}`, sk: 'CHAT' });
export const citizenChatsOwner = (citizenKey: string) => `CHATS#${citizenKey}`;

function toItem(chat: ChatRecord) {
  const linked = chat.citizenKey !== undefined && chat.active;
  return {
    ...chatKey(chat.chatId),
    ...chat,
    // Indexed only while linked and active: the citizen's chats (byOwner) and the sweep's shards (byList).
    ...(linked
      ? {
          gsi1pk: citizenChatsOwner(chat.citizenKey ?? ''),
          gsi1sk: `CHAT#${chat.chatId}`,
          gsi2pk: `LINKED#${linkShard(chat.chatId)}`,
          gsi2sk: `CHAT#${chat.chatId}`,
        }
      : {}),
  };
}

function fromItem(item: Record<string, unknown>): ChatRecord {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, ...chat } = item;
  return chat as unknown as ChatRecord;
}

/** Chats in the one table (docs/data-model.md): `CHAT#<chatId>`, indexed by citizen and by sweep shard. */
export class DynamoChatStore implements ChatStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
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
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
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
        ExpressionAttributeValues: { ':shard': `LINKED#${shard}` },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield fromItem(item);
  }

  async deleteChat(chatId: number): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: chatKey(chatId) }));
  }
}
