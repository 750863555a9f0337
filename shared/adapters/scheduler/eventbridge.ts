import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { OneTimeSchedule, Scheduler, ScheduleTarget } from '../../app/ports';
import { toKazakhstanTime } from '../../domain/dates';

export interface EventBridgeSchedulerConfig {
  groupName: string;
  /** The role EventBridge Scheduler assumes; it may only send to the two queues. */
  roleArn: string;
  /** The queues this function's schedules may deliver to (the sender only postpones onto the notify queue). */
  targets: Partial<Record<ScheduleTarget, string>>;
  deadLetterQueueArn: string;
}

/** A schedule names a target this function was not given: a wiring bug, caught before anything is created. */
export class ScheduleTargetMissingError extends Error {
  readonly target: ScheduleTarget;

  constructor(target: ScheduleTarget) {
    super(`no queue is configured for schedule target ${target}`);
    this.name = 'ScheduleTargetMissingError';
    this.target = target;
  }
}

/** `at(2026-05-18T10:00:00)` in Asia/Almaty wall-clock time, as EventBridge Scheduler wants it. */
export function atExpression(at: number): string {
  const { date, minuteOfDay } = toKazakhstanTime(at);
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  const ss = String(Math.floor((at % 60_000) / 1000)).padStart(2, '0');
  return `at(${date}T${hh}:${mm}:${ss})`;
}

/**
 * One-time EventBridge schedules (issue 4): `at(...)` in `Asia/Almaty`, deleted after they fire, retried for a day,
 * dead-lettered when they cannot deliver. Names are deterministic, so a retried `put` finds the schedule it already
 * made (ConflictException) and updates it instead of making a second one.
 */
export class EventBridgeScheduler implements Scheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly config: EventBridgeSchedulerConfig,
  ) {}

  #input(schedule: OneTimeSchedule): CreateScheduleCommandInput {
    const arn = this.config.targets[schedule.target];
    if (arn === undefined) throw new ScheduleTargetMissingError(schedule.target);
    return {
      Name: schedule.name,
      GroupName: this.config.groupName,
      ScheduleExpression: atExpression(schedule.at),
      ScheduleExpressionTimezone: 'Asia/Almaty',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: arn,
        RoleArn: this.config.roleArn,
        Input: schedule.body,
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: this.config.deadLetterQueueArn },
      },
    };
  }

  async put(schedule: OneTimeSchedule): Promise<void> {
    const input = this.#input(schedule);
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.config.groupName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
