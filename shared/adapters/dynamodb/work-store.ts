import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Instant, kazakhstanDate } from '../../domain/dates';
import type {
  CaseScheduleRecord,
  ClaimOutcome,
  NotificationLedger,
  NotificationMeta,
  OutboxMarkers,
  ScheduleBook,
} from '../store/work';
import { queryAll } from './query-all';
import { TABLE_KEYS } from './table';

/** Notifications and outbox markers are kept this long, then expire by TTL. */
const RETENTION_SECONDS = 400 * 86_400;
const expiresAt = (now: number) => Math.floor(now / 1000) + RETENTION_SECONDS;

/** Case schedules: `CASESCHED#<caseId>` / `<key>`, listed by day in `byList` as `DUE#<date>` / `<at>#<name>`. */
export class DynamoScheduleBook implements ScheduleBook {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ofCase(caseId: string): Promise<CaseScheduleRecord[]> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASESCHED#${caseId}` },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(({ pk, sk, gsi2pk, gsi2sk, ...record }) => record as CaseScheduleRecord);
  }

  async put(record: CaseScheduleRecord): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `CASESCHED#${record.caseId}`,
          sk: record.key,
          gsi2pk: `DUE#${kazakhstanDate(record.at)}`,
          gsi2sk: `${String(record.at).padStart(15, '0')}#${record.name}`,
          ...record,
        },
      }),
    );
  }

  async remove(caseId: string, key: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: `CASESCHED#${caseId}`, sk: key } }),
    );
  }

  async markFired(caseId: string, key: string, at: Instant): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `CASESCHED#${caseId}`, sk: key },
          UpdateExpression: 'SET firedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': new Date(at).toISOString() },
        }),
      )
      .catch((error: Error) => {
        // The plan changed in the meantime and the record is gone: nothing to mark.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async casesScheduledOn(days: readonly string[]): Promise<string[]> {
    const { byList } = TABLE_KEYS;
    const cases = new Set<string>();
    for (const day of days) {
      const items = await queryAll(this.documents, {
        TableName: this.tableName,
        IndexName: byList.name,
        KeyConditionExpression: '#pk = :day',
        ExpressionAttributeNames: { '#pk': byList.partitionKey },
        ExpressionAttributeValues: { ':day': `DUE#${day}` },
        ProjectionExpression: 'caseId',
      });
      for (const item of items) cases.add(String(item.caseId));
    }
    return [...cases].sort();
  }

  async unfired(days: readonly string[], through: Instant): Promise<CaseScheduleRecord[]> {
    const { byList } = TABLE_KEYS;
    const found: CaseScheduleRecord[] = [];
    for (const day of days) {
      const items = await queryAll(this.documents, {
        TableName: this.tableName,
        IndexName: byList.name,
        KeyConditionExpression: '#pk = :day AND #sk <= :through',
        FilterExpression: 'attribute_not_exists(firedAt)',
        ExpressionAttributeNames: { '#pk': byList.partitionKey, '#sk': byList.sortKey },
        ExpressionAttributeValues: { ':day': `DUE#${day}`, ':through': `${String(through).padStart(15, '0')}#~` },
      });
      for (const { pk, sk, gsi2pk, gsi2sk, ...record } of items) found.push(record as unknown as CaseScheduleRecord);
    }
    return found;
  }
}

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
            pk: `NOTIF#${id}`,
            sk: 'NOTIF',
            // Listed by chat, so /forget can delete a chat's notifications.
            gsi1pk: `NOTIFS#${meta.chatId}`,
            gsi1sk: id,
            ...meta,
            status: 'sending',
            claimedAt: now,
            expiresAt: expiresAt(now),
          },
          // New, or claimed by an attempt that has been silent longer than any send can take (it died).
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :expired)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':expired': now - CLAIM_LEASE_MS },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const status = error.Item ? unmarshall(error.Item).status : await this.status(id);
      return status === 'sending' ? 'in_flight' : 'already_sent';
    }
  }

  async settle(id: string, outcome: 'sent' | 'blocked' | 'skipped' | 'failed', detail?: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `NOTIF#${id}`, sk: 'NOTIF' },
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
      ExpressionAttributeValues: { ':chat': `NOTIFS#${chatId}` },
    });
  }

  async ofChat(chatId: number) {
    return (await this.#ofChatItems(chatId)).map((item) => ({
      id: String(item.gsi1sk),
      kind: String(item.kind),
      status: String(item.status),
      claimedAt: item.claimedAt as number | undefined,
      settledAt: item.settledAt as string | undefined,
    }));
  }

  async forgetChat(chatId: number): Promise<number> {
    const items = await this.#ofChatItems(chatId);
    for (const item of items) {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } }));
    }
    return items.length;
  }

  async status(id: string): Promise<string | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `NOTIF#${id}`, sk: 'NOTIF' }, ConsistentRead: true }),
    );
    return result.Item?.status as string | undefined;
  }
}

/** Outbox markers `OUTBOX#<key>`: `pending` until the message is confirmed sent. */
export class DynamoOutboxMarkers implements OutboxMarkers {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async begin(key: string): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `OUTBOX#${key}`, sk: 'OUTBOX', status: 'pending', expiresAt: expiresAt(this.now()) },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item ? unmarshall(error.Item).status !== 'sent' : true;
    }
  }

  async confirm(key: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `OUTBOX#${key}`, sk: 'OUTBOX' },
        UpdateExpression: 'SET #status = :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
      }),
    );
  }
}
