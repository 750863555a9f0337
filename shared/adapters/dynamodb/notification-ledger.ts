import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  ClaimOutcome,
  NotificationItem,
  NotificationLedger,
  NotificationMeta,
  SettleOutcome,
} from '../../app/ports';
import { isConditionFailure } from './conditions';
import { chatNotificationsOwner, notificationKey } from './keys';
import { queryAll } from './query-all';
import { expiresAt } from './retention';
import { TABLE_KEYS } from './table';

/**
 * How long a claim protects a notification that is being sent. Longer than any send can take (grammY's timeout and
 * auto-retry waits are bounded well below it), so a second delivery of the same message during a send never sends.
 */
export const CLAIM_LEASE_MS = 6 * 60_000;

/** Notification items `NOTIF#<id>`, written before sending (issue 4), expiring after 400 days. */
export class DynamoNotificationLedger implements NotificationLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(id: string, meta: NotificationMeta): Promise<ClaimOutcome> {
    const now = this.now();
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...notificationKey(id),
            // Listed by chat, so /forget can delete a chat's notifications.
            [TABLE_KEYS.byOwner.partitionKey]: chatNotificationsOwner(meta.chatId),
            [TABLE_KEYS.byOwner.sortKey]: id,
            ...meta,
            status: 'sending',
            claimedAt: now,
            expiresAt: expiresAt(now),
          },
          // New, or claimed by an attempt that has been silent longer than any send can take (it died).
          ConditionExpression: 'attribute_not_exists(#pk) OR (#status = :sending AND claimedAt < :expired)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':expired': now - CLAIM_LEASE_MS },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const status = error.Item ? unmarshall(error.Item).status : await this.status(id);
      return status === 'sending' ? 'in_flight' : 'already_sent';
    }
  }

  async settle(id: string, outcome: SettleOutcome, detail?: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: notificationKey(id),
        UpdateExpression: 'SET #status = :status, settledAt = :at, detail = :detail',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome,
          ':at': new Date(this.now()).toISOString(),
          ':detail': detail ?? outcome,
        },
      }),
    );
  }

  #ofChatItems(chatId: number) {
    const { byOwner } = TABLE_KEYS;
    return queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: byOwner.name,
      KeyConditionExpression: '#pk = :chat',
      ExpressionAttributeNames: { '#pk': byOwner.partitionKey },
      ExpressionAttributeValues: { ':chat': chatNotificationsOwner(chatId) },
    });
  }

  async ofChat(chatId: number): Promise<NotificationItem[]> {
    return (await this.#ofChatItems(chatId)).map((item) => ({
      id: String(item[TABLE_KEYS.byOwner.sortKey]),
      kind: String(item.kind),
      status: String(item.status),
      claimedAt: item.claimedAt as number | undefined,
      settledAt: item.settledAt as string | undefined,
    }));
  }

  async forgetChat(chatId: number): Promise<number> {
    const items = await this.#ofChatItems(chatId);
    for (const item of items) {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: notificationKey(String(item[TABLE_KEYS.byOwner.sortKey])),
        }),
      );
    }
    return items.length;
  }

  async status(id: string): Promise<string | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: notificationKey(id), ConsistentRead: true }),
    );
    return result.Item?.status as string | undefined;
  }
}
