import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  atExpression,
  EventBridgeScheduler,
  ScheduleTargetMissingError,
} from '../../shared/adapters/scheduler/eventbridge';
import { caseScheduleName, deliveryScheduleName } from '../../shared/adapters/scheduler/scheduler';
import { encodeDueMessage, parseDueMessage } from '../../shared/contracts/internal';

const scheduler = mockClient(SchedulerClient);
const config = {
  groupName: 'osms-dev',
  roleArn: 'arn:aws:iam::111122223333:role/osms-dev-scheduler',
  targets: {
    due: 'arn:aws:sqs:ap-southeast-1:111122223333:osms-dev-due',
    notify: 'arn:aws:sqs:ap-southeast-1:111122223333:osms-dev-notify',
  },
  deadLetterQueueArn: 'arn:aws:sqs:ap-southeast-1:111122223333:osms-dev-scheduler-dlq',
};
const eventBridge = () => new EventBridgeScheduler(new SchedulerClient({ region: 'ap-southeast-1' }), config);
const at = Date.parse('2026-05-18T10:00:00+05:00');

beforeEach(() => scheduler.reset());

describe('EventBridge Scheduler adapter', () => {
  it('creates a one-time schedule in Asia/Almaty that deletes itself, retries and dead-letters', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const name = caseScheduleName('OB-2026-000451', 'documents_reminder-10');
    await eventBridge().put({
      name,
      at,
      target: 'due',
      body: encodeDueMessage({ kind: 'reconciliation_sweep' }),
    });
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: name,
      GroupName: 'osms-dev',
      ScheduleExpression: 'at(2026-05-18T10:00:00)',
      ScheduleExpressionTimezone: 'Asia/Almaty',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: config.targets.due,
        RoleArn: config.roleArn,
        Input: '{"schemaVersion":1,"due":{"kind":"reconciliation_sweep"}}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: config.deadLetterQueueArn },
      },
    });
  });

  it('updates instead of creating a second schedule when the name exists (a retry, or a moved deadline)', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await eventBridge().put({ name: 'n', at, target: 'notify', body: '{}' });
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input).toMatchObject({
      Name: 'n',
      ScheduleExpression: 'at(2026-05-18T10:00:00)',
      Target: { Arn: config.targets.notify },
    });
  });

  it('refuses a target the function was not given, before creating anything', async () => {
    const senderOnly = new EventBridgeScheduler(new SchedulerClient({ region: 'ap-southeast-1' }), {
      ...config,
      targets: { notify: config.targets.notify },
    });
    const put = senderOnly.put({ name: 'n', at, target: 'due', body: encodeDueMessage({ kind: 'coverage_sweep' }) });
    await expect(put).rejects.toBeInstanceOf(ScheduleTargetMissingError);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('delivers the body the due handler parses back', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const work = { kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' } as const;
    await eventBridge().put({ name: 'n', at, target: 'due', body: encodeDueMessage(work) });
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.Target?.Input ?? '';
    expect(parseDueMessage(input)).toEqual({ ok: true, value: work });
  });

  it('treats deleting a schedule that already fired as done', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(eventBridge().delete('n')).resolves.toBeUndefined();
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'n',
      GroupName: 'osms-dev',
    });
  });

  it('names schedules within EventBridge limits, deterministically', () => {
    const name = caseScheduleName('OB/2026 #451 with any ASCII', 'transfer_overdue_check-2');
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
    expect(name).toBe(caseScheduleName('OB/2026 #451 with any ASCII', 'transfer_overdue_check-2'));
    expect(deliveryScheduleName('coverage_ending|c1.x|2026-09-30|days-14|42')).toMatch(/^deliver-[0-9a-f]{32}$/);
    expect(atExpression(Date.parse('2026-06-02T19:00:00Z'))).toBe('at(2026-06-03T00:00:00)');
  });
});
