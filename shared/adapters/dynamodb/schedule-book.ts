import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseScheduleRecord, Page, PageRequest, ScheduleBook } from '../../app/ports';
import { type Instant, kazakhstanDate } from '../../domain/dates';
import { isConditionFailure } from './conditions';
import { caseScheduleKey, caseSchedulePartition, dueDayList, withoutKeys } from './keys';
import { queryAll, queryPage } from './query-all';
import { TABLE_KEYS } from './table';

const sortableAt = (at: Instant) => String(at).padStart(15, '0');

function recordOf(item: Record<string, unknown>): CaseScheduleRecord {
  return withoutKeys(item) as unknown as CaseScheduleRecord;
}

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
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        ExpressionAttributeValues: { ':pk': caseSchedulePartition(caseId) },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(recordOf);
  }

  async put(record: CaseScheduleRecord): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...caseScheduleKey(record.caseId, record.key),
          [TABLE_KEYS.byList.partitionKey]: dueDayList(kazakhstanDate(record.at)),
          [TABLE_KEYS.byList.sortKey]: `${sortableAt(record.at)}#${record.name}`,
          ...record,
        },
      }),
    );
  }

  async remove(caseId: string, key: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: caseScheduleKey(caseId, key) }));
  }

  async markFired(caseId: string, key: string, at: Instant): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseScheduleKey(caseId, key),
          UpdateExpression: 'SET firedAt = :at',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: { ':at': new Date(at).toISOString() },
        }),
      )
      .catch((error: unknown) => {
        // The plan changed in the meantime and the record is gone: nothing to mark.
        if (!isConditionFailure(error)) throw error;
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
        ExpressionAttributeValues: { ':day': dueDayList(day) },
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
        ExpressionAttributeValues: { ':day': dueDayList(day), ':through': `${sortableAt(through)}#~` },
      });
      found.push(...items.map(recordOf));
    }
    return found;
  }

  onDay(day: string, page: PageRequest): Promise<Page<CaseScheduleRecord>> {
    const { byList } = TABLE_KEYS;
    return queryPage(this.documents, recordOf, page, {
      TableName: this.tableName,
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :day',
      ExpressionAttributeNames: { '#pk': byList.partitionKey },
      ExpressionAttributeValues: { ':day': dueDayList(day) },
    });
  }

  unfiredOn(day: string, through: Instant, page: PageRequest): Promise<Page<CaseScheduleRecord>> {
    const { byList } = TABLE_KEYS;
    return queryPage(this.documents, recordOf, page, {
      TableName: this.tableName,
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :day AND #sk <= :through',
      FilterExpression: 'attribute_not_exists(firedAt)',
      ExpressionAttributeNames: { '#pk': byList.partitionKey, '#sk': byList.sortKey },
      ExpressionAttributeValues: { ':day': dueDayList(day), ':through': `${sortableAt(through)}#~` },
    });
  }
}
