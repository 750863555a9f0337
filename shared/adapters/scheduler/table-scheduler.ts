import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OneTimeSchedule, Scheduler, ScheduleTarget } from '../../app/ports';
import type { Instant } from '../../domain/dates';
import { LOCAL_SCHEDULE_LIST, localScheduleKey } from '../dynamodb/keys';
import { queryAll } from '../dynamodb/query-all';
import { TABLE_KEYS } from '../dynamodb/table';

const pad = (at: Instant) => String(at).padStart(15, '0');

/**
 * The scheduler of the local stack and the end-to-end tests: schedules are items in the table (`LSCHED#<name>`), so a
 * restart loses none, and `fireDue(now)` delivers every schedule whose moment has come, in time order — with a test
 * clock, days of schedules fire in milliseconds.
 */
export class TableScheduler implements Scheduler {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(schedule: OneTimeSchedule): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...localScheduleKey(schedule.name),
          [TABLE_KEYS.byList.partitionKey]: LOCAL_SCHEDULE_LIST,
          [TABLE_KEYS.byList.sortKey]: `${pad(schedule.at)}#${schedule.name}`,
          name: schedule.name,
          at: schedule.at,
          target: schedule.target,
          body: schedule.body,
        },
      }),
    );
  }

  async delete(name: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: localScheduleKey(name) }));
  }

  async due(now: Instant): Promise<OneTimeSchedule[]> {
    const { byList } = TABLE_KEYS;
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :all AND #sk <= :now',
      ExpressionAttributeNames: { '#pk': byList.partitionKey, '#sk': byList.sortKey },
      ExpressionAttributeValues: { ':all': LOCAL_SCHEDULE_LIST, ':now': `${pad(now)}#~` },
    });
    return items.map((item) => ({
      name: String(item.name),
      at: Number(item.at),
      target: (item.target === 'notify' ? 'notify' : 'due') satisfies ScheduleTarget,
      body: String(item.body),
    }));
  }

  /** Delivers each due schedule (earliest first) and deletes it, like `ActionAfterCompletion: DELETE`. */
  async fireDue(now: Instant, deliver: (schedule: OneTimeSchedule) => Promise<void>): Promise<number> {
    const due = await this.due(now);
    for (const schedule of due) {
      await deliver(schedule);
      await this.delete(schedule.name);
    }
    return due.length;
  }
}
