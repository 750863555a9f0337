import { arnString, deadLetterQueuesVariable, nonEmpty, readEnvironment } from '../../shared/contracts/config';
import { ENV } from '../../shared/contracts/environment';
import * as z from '../../shared/contracts/zod';

export { ConfigurationError } from '../../shared/contracts/config';

/**
 * One schema per entry point (issue 11 item 7): each function gets exactly the variables, and so the grants, it needs.
 * `infra/constructs/notify-functions.ts` sets them from the same constants; test/infra checks each synthesized
 * environment against its schema.
 */

/** The one-time schedules the function makes: the group, the role the scheduler assumes, where failures go. */
const schedulerSettings = {
  [ENV.scheduleGroup]: nonEmpty,
  [ENV.schedulerRoleArn]: arnString,
  [ENV.schedulerDlqArn]: arnString,
};

/** Planner: changes queue → case schedules (due queue) and immediate notifications (notify queue). */
export const plannerConfigSchema = z.object({
  [ENV.tableName]: nonEmpty,
  [ENV.dueQueueUrl]: z.url(),
  [ENV.dueQueueArn]: arnString,
  [ENV.notifyQueueUrl]: z.url(),
  [ENV.notifyQueueArn]: arnString,
  ...schedulerSettings,
  [ENV.deadLetterQueues]: deadLetterQueuesVariable,
});

/** Due handler: the planner's variables plus the return-order queue, which only it may send to. */
export const dueConfigSchema = z.extend(plannerConfigSchema, {
  [ENV.outboundQueueUrl]: z.url(),
  [ENV.outboundSource]: z._default(nonEmpty, 'osms-bot.notify'),
});

/** Sender: notify queue → Telegram; postpones quiet-hour messages through the scheduler onto the notify queue. */
export const senderConfigSchema = z.object({
  [ENV.tableName]: nonEmpty,
  [ENV.telegramTokenSecretName]: nonEmpty,
  /** The schedule target of a postponed delivery. */
  [ENV.notifyQueueArn]: arnString,
  ...schedulerSettings,
  [ENV.deadLetterQueues]: deadLetterQueuesVariable,
  /** The sender's budget over all its instances: Telegram allows a bot ~30 messages/s, the rest is the bot's replies. */
  [ENV.senderMessagesPerSecond]: z._default(z.coerce.number().check(z.positive(), z.maximum(1000)), 27),
  /** The event source's maximum concurrency: each instance paces to budget / instances. */
  [ENV.senderInstances]: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 1),
  /** Paid broadcast for mass coverage notices (Telegram charges Stars per message above the free limit). */
  [ENV.allowPaidBroadcast]: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((value: 'true' | 'false') => value === 'true'),
  ),
});

export type PlannerConfig = z.output<typeof plannerConfigSchema>;
export type DueConfig = z.output<typeof dueConfigSchema>;
export type SenderConfig = z.output<typeof senderConfigSchema>;

export function plannerConfig(environment: NodeJS.ProcessEnv): PlannerConfig {
  return readEnvironment(plannerConfigSchema, environment, 'notify planner');
}

export function dueConfig(environment: NodeJS.ProcessEnv): DueConfig {
  return readEnvironment(dueConfigSchema, environment, 'notify due');
}

export function senderConfig(environment: NodeJS.ProcessEnv): SenderConfig {
  return readEnvironment(senderConfigSchema, environment, 'notify sender');
}
