import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Page, PageRequest } from '../../app/ports';
import {
  type ChatCoverage,
  type ChatRecord,
  type ChatStore,
  type CoverageSave,
  linkShard,
  type UpdateKey,
} from '../../app/ports/chat-store';
import type { IsoDate } from '../../domain/dates';
import { isConditionFailure } from './conditions';
import {
  chatKey,
  chatListSort,
  citizenChatsOwner,
  coverageSweepSort,
  coverageSweepThrough,
  linkedShardList,
  updateKey,
  withoutKeys,
} from './keys';
import { queryAll, queryPage } from './query-all';
import { TABLE_KEYS } from './table';

/** How long a handled update's mark is kept: Telegram gives up on an update after 24 hours. */
const UPDATE_MARK_SECONDS = 3 * 86_400;

/** How often a write is tried again when the chat changed between the read and the write. */
const WRITE_ATTEMPTS = 3;

/** The day the coverage sweep must read a chat (its place in `LINKED#<shard>`): see `coverageSweepSort`. */
function sweepDayOf(chat: ChatRecord): IsoDate | undefined | null {
  if (!chat.reminders.coverage) return undefined;
  return chat.coverage === undefined ? null : chat.coverage.sweepOn;
}

/** The item of a chat, index keys included (also what a bulk load writes: bench/sweep.ts). */
export function chatItem(chat: ChatRecord) {
  const linked = chat.citizenKey !== undefined && chat.active;
  const { byOwner, byList } = TABLE_KEYS;
  // A chat linked to no one keeps nothing of a citizen's coverage.
  const { coverage, ...record } = chat;
  return {
    ...chatKey(chat.chatId),
    ...record,
    ...(chat.citizenKey !== undefined && coverage ? { coverage } : {}),
    // Indexed only while linked and active: the citizen's chats (byOwner) and the sweep's shards by day (byList).
    ...(linked
      ? {
          [byOwner.partitionKey]: citizenChatsOwner(chat.citizenKey ?? ''),
          [byOwner.sortKey]: chatListSort(chat.chatId),
          [byList.partitionKey]: linkedShardList(linkShard(chat.chatId)),
          [byList.sortKey]: coverageSweepSort(sweepDayOf(chat), chat.chatId),
        }
      : {}),
  };
}

/** A chat write must never put back an older coverage of the same citizen than the one stored (a bot session race). */
function coverageGuard(chat: ChatRecord) {
  if (chat.citizenKey === undefined) return {};
  return {
    ConditionExpression:
      'attribute_not_exists(#coverage.#derivedAt) OR attribute_not_exists(#citizen) OR #citizen <> :citizen OR ' +
      '#coverage.#derivedAt <= :derivedAt',
    ExpressionAttributeNames: { '#coverage': 'coverage', '#derivedAt': 'derivedAt', '#citizen': 'citizenKey' },
    ExpressionAttributeValues: { ':citizen': chat.citizenKey, ':derivedAt': chat.coverage?.derivedAt ?? '' },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

function oldItemOf(error: { Item?: Record<string, unknown> }): Record<string, unknown> | undefined {
  return error.Item ? unmarshall(error.Item as Parameters<typeof unmarshall>[0]) : undefined;
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

  /** Writes the whole chat; a newer coverage of the same citizen stored meanwhile (planner, sweep) is kept. */
  async putChat(chat: ChatRecord): Promise<void> {
    let record = chat;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.documents.send(
          new PutCommand({ TableName: this.tableName, Item: chatItem(record), ...coverageGuard(record) }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= WRITE_ATTEMPTS) throw error;
        const stored = oldItemOf(error)?.coverage as ChatCoverage | undefined;
        record = { ...record, ...(stored ? { coverage: stored } : {}) };
      }
    }
  }

  async saveCoverage(chat: ChatRecord, coverage: ChatCoverage): Promise<CoverageSave> {
    let current = chat;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.documents.send(this.#coverageUpdate(current, coverage));
        return 'saved';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const old = oldItemOf(error);
        if (!old || old.citizenKey !== chat.citizenKey || old.active !== true) return 'not_linked';
        const stored = (old.coverage as ChatCoverage | undefined)?.derivedAt;
        if (stored !== undefined && stored > coverage.derivedAt) return 'newer_kept';
        // The reminder switch changed since the chat was read: place it by the switch as it is now.
        if (attempt >= WRITE_ATTEMPTS) throw error;
        current = fromItem(old);
      }
    }
  }

  #coverageUpdate(chat: ChatRecord, coverage: ChatCoverage): UpdateCommand {
    return new UpdateCommand({
      TableName: this.tableName,
      Key: chatKey(chat.chatId),
      UpdateExpression: 'SET #coverage = :coverage, #sort = :sort',
      ConditionExpression:
        '#citizen = :citizen AND #active = :yes AND #reminders.#switch = :switch AND ' +
        '(attribute_not_exists(#coverage.#derivedAt) OR #coverage.#derivedAt <= :derivedAt)',
      ExpressionAttributeNames: {
        '#coverage': 'coverage',
        '#derivedAt': 'derivedAt',
        '#citizen': 'citizenKey',
        '#active': 'active',
        '#reminders': 'reminders',
        '#switch': 'coverage',
        '#sort': TABLE_KEYS.byList.sortKey,
      },
      ExpressionAttributeValues: {
        ':coverage': coverage,
        ':sort': coverageSweepSort(sweepDayOf({ ...chat, coverage }), chat.chatId),
        ':citizen': chat.citizenKey ?? '',
        ':yes': true,
        ':switch': chat.reminders.coverage,
        ':derivedAt': coverage.derivedAt,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
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
          Item: chatItem(chat),
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

  linkedPage(shard: number, page: PageRequest): Promise<Page<ChatRecord>> {
    const { byList } = TABLE_KEYS;
    return queryPage(this.documents, fromItem, page, {
      TableName: this.tableName,
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :shard',
      ExpressionAttributeNames: { '#pk': byList.partitionKey },
      ExpressionAttributeValues: { ':shard': linkedShardList(shard) },
    });
  }

  coverageDue(shard: number, through: IsoDate, page: PageRequest): Promise<Page<ChatRecord>> {
    const { byList } = TABLE_KEYS;
    return queryPage(this.documents, fromItem, page, {
      TableName: this.tableName,
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :shard AND #sk <= :through',
      ExpressionAttributeNames: { '#pk': byList.partitionKey, '#sk': byList.sortKey },
      ExpressionAttributeValues: { ':shard': linkedShardList(shard), ':through': coverageSweepThrough(through) },
    });
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
