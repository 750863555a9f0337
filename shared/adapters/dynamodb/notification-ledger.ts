import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  Addressee,
  ClaimOutcome,
  NotificationClaim,
  NotificationItem,
  NotificationLedger,
  SettleOutcome,
} from '../../app/ports';
import { isConditionFailure } from './conditions';
import { chatKey, chatNotificationsOwner, notificationKey } from './keys';
import { queryAll } from './query-all';
import { expiresAt } from './retention';
import { TABLE_KEYS } from './table';

/**
 * How long a claim protects a notification that is being sent. Longer than any send can take (grammY's timeout and
 * auto-retry waits are bounded well below it), so a second delivery of the same message during a send never sends.
 */
export const CLAIM_LEASE_MS = 6 * 60_000;

/**
 * The chat item still names the addressee: it exists, is active, is linked to the citizen (or to no one, for the
 * unlink notice), and the topic's reminder switch is on. The mirror of `isAddressed` (shared/app/deliver-notification.ts).
 */
function addresseeCheck(chatId: number, addressee: Addressee) {
  const names: Record<string, string> = {
    '#pk': TABLE_KEYS.partitionKey,
    '#active': 'active',
    '#citizen': 'citizenKey',
  };
  const values: Record<string, unknown> = { ':on': true, ':citizen': addressee.citizenKey };
  const linked = addressee.orUnlinked
    ? '(#citizen = :citizen OR attribute_not_exists(#citizen))'
    : '#citizen = :citizen';
  let condition = `attribute_exists(#pk) AND #active = :on AND ${linked}`;
  if (addressee.topic !== undefined) {
    Object.assign(names, { '#reminders': 'reminders', '#topic': addressee.topic });
    condition += ' AND #reminders.#topic = :on';
  }
  return {
    Key: chatKey(chatId),
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The cancellation reasons of a refused transaction, in the order of its items; undefined for any other error. */
function cancellationReasons(error: unknown) {
  const refused =
    error instanceof TransactionCanceledException ||
    (error as Error | undefined)?.name === 'TransactionCanceledException';
  return refused ? ((error as TransactionCanceledException).CancellationReasons ?? []) : undefined;
}

const CONDITION_FAILED = 'ConditionalCheckFailed';

/**
 * Notification items `NOTIF#<id>`, written before sending (issue 4) or when postponed to 09:00, expiring after 400
 * days; listed by chat (`NOTIFS#<chatId>`) so `/forget` deletes them, postponed ones included.
 */
export class DynamoNotificationLedger implements NotificationLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One transaction: the notification item (new, postponed, or claimed by an attempt that died) and a check that
   * the chat is still the addressee. `/forget` must delete the chat before its notification items: a claim after the
   * chat's deletion is then refused, and one before it is deleted with the rest.
   */
  async claim(id: string, claim: NotificationClaim): Promise<ClaimOutcome> {
    const now = this.now();
    const { chatId, kind, addressee, status } = claim;
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...notificationKey(id),
                  // Listed by chat, so /forget can delete a chat's notifications.
                  [TABLE_KEYS.byOwner.partitionKey]: chatNotificationsOwner(chatId),
                  [TABLE_KEYS.byOwner.sortKey]: id,
                  chatId,
                  kind,
                  status,
                  claimedAt: now,
                  expiresAt: expiresAt(now),
                },
                // New; postponed (its time came, or a redelivery in quiet hours); or claimed by an attempt silent
                // longer than any send can take (it died).
                ConditionExpression:
                  'attribute_not_exists(#pk) OR #status = :postponed OR (#status = :sending AND claimedAt < :expired)',
                ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#status': 'status' },
                ExpressionAttributeValues: {
                  ':postponed': 'postponed',
                  ':sending': 'sending',
                  ':expired': now - CLAIM_LEASE_MS,
                },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { ConditionCheck: { TableName: this.tableName, ...addresseeCheck(chatId, addressee) } },
          ],
        }),
      );
      return 'claimed';
    } catch (error) {
      return this.#refused(id, error);
    }
  }

  /** Why a claim was refused: the chat check first (nothing may be written then), then the item's status. */
  async #refused(id: string, error: unknown): Promise<ClaimOutcome> {
    const [item, chat] = cancellationReasons(error) ?? [];
    if (chat?.Code === CONDITION_FAILED) return 'not_addressed';
    // A transaction conflict (another writer on either item) or anything else: thrown, and the queue retries.
    if (item?.Code !== CONDITION_FAILED) throw error;
    const status = item.Item ? unmarshall(item.Item).status : await this.status(id);
    return status === 'sending' || status === 'postponed' ? 'in_flight' : 'already_sent';
  }

  async settle(id: string, outcome: SettleOutcome, detail?: string): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(id),
          UpdateExpression: 'SET #status = :status, settledAt = :at, detail = :detail',
          // Forgotten while it was being sent (/forget deleted it): an update must not bring a bare item back.
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#status': 'status', '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: {
            ':status': outcome,
            ':at': new Date(this.now()).toISOString(),
            ':detail': detail ?? outcome,
          },
        }),
      )
      .catch((error: Error) => {
        if (!isConditionFailure(error)) throw error;
      });
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
