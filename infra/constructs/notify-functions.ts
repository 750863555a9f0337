import { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, QUEUE_VARIABLES } from '../../shared/contracts/environment';
import { TABLE_ACCESS } from '../access';
import type { CaseScheduler } from './case-scheduler';
import type { DataTable } from './data-table';
import { HouseFunction } from './house-function';
import type { StageSecret } from './stage-secrets';
import type { WorkQueues } from './work-queues';

/**
 * The due worker runs the daily sweeps in parts of one page each (seconds: docs/scheduling.md "Sweeps in parts"), so a
 * minute is ample; a part that times out is seen again by the queue after 6 × this, alone.
 */
export const DUE_TIMEOUT = Duration.minutes(1);
/** Sender instances at most (the notify source's maxConcurrency; AWS's minimum is 2): each paces to budget / this. */
export const SENDER_INSTANCES = 2;

export interface NotifyFunctionsProps {
  stage: 'dev' | 'prod';
  logRetention: logs.RetentionDays;
  table: DataTable;
  queues: WorkQueues;
  scheduler: CaseScheduler;
  botToken: StageSecret;
}

/**
 * The three notify entry points, each with its own variables and grants (issue 11 item 7): the planner plans, the due
 * worker checks and orders (the only function that may send a return order), the sender talks to Telegram (the only
 * one with the bot token besides the bot; it sends to no queue).
 */
export class NotifyFunctions extends Construct {
  readonly planner: HouseFunction;
  readonly due: HouseFunction;
  readonly sender: HouseFunction;

  constructor(scope: Construct, id: string, props: NotifyFunctionsProps) {
    super(scope, id);
    const { stage, logRetention, table, queues, scheduler } = props;
    // The service names are the ones the handlers give Powertools (functions/notify/*-handler.ts).
    const fn = (name: string, service: string, extra: { memorySize?: number; timeout?: Duration } = {}) =>
      new HouseFunction(this, name, {
        entry: `functions/notify/${service}-handler.ts`,
        serviceName: `notify-${service}`,
        stage,
        logRetention,
        withMessages: true,
        ...extra,
      });

    this.planner = fn('Planner', 'planner')
      .bindTable(table, TABLE_ACCESS.planner)
      .bindQueue(queues.due, QUEUE_VARIABLES.due)
      .bindQueue(queues.notify, QUEUE_VARIABLES.notify)
      .bindDeadLetters([queues.changes])
      .consume(queues.changes, { maxConcurrency: 5 });
    scheduler.bindTo(this.planner, 'case', ['CreateSchedule', 'UpdateSchedule', 'DeleteSchedule']);

    this.due = fn('DueWorker', 'due', { memorySize: 1024, timeout: DUE_TIMEOUT })
      .bindTable(table, TABLE_ACCESS.due)
      .bindQueue(queues.due, QUEUE_VARIABLES.due)
      .bindQueue(queues.notify, QUEUE_VARIABLES.notify)
      .bindQueue(queues.outbound, { url: ENV.outboundQueueUrl })
      .setVariable(ENV.outboundSource, 'osms-bot.notify')
      .bindDeadLetters([queues.due])
      .consume(queues.due, { maxConcurrency: 5, batchSize: 1 });
    scheduler.bindTo(this.due, 'case', ['CreateSchedule', 'UpdateSchedule', 'DeleteSchedule']);

    // Each instance paces itself to its share of the bot's budget (docs/notifications.md, "Pacing").
    this.sender = fn('Sender', 'sender')
      .bindTable(table, TABLE_ACCESS.sender)
      .bindSecret(props.botToken, ENV.telegramTokenSecretName)
      .setVariable(ENV.notifyQueueArn, queues.notify.queue.queueArn)
      .setVariable(ENV.senderInstances, String(SENDER_INSTANCES))
      .setVariable(ENV.senderMessagesPerSecond, '27')
      .setVariable(ENV.allowPaidBroadcast, 'false')
      .bindDeadLetters([queues.notify])
      .consume(queues.notify, { maxConcurrency: SENDER_INSTANCES });
    // It postpones quiet-hour messages: it makes delivery schedules (onto the notify queue), never case schedules.
    scheduler.bindTo(this.sender, 'delivery', ['CreateSchedule', 'UpdateSchedule']);
  }

  get all(): HouseFunction[] {
    return [this.planner, this.due, this.sender];
  }
}
