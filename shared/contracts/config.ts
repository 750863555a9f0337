import { describeIssues } from './parse';
import { UPSTREAM_QUEUES } from './producers';
import * as z from './zod';

/** A function's environment is missing or malformed: the function cannot start, and the message names the variable. */
export class ConfigurationError extends Error {
  /** `scope` names the entry point (`ingest`, `notify planner`, …); `problem` names the variable, never its value. */
  constructor(scope: string, problem: string) {
    super(`${scope} configuration: ${problem}`);
    this.name = 'ConfigurationError';
  }
}

/** A variable that holds JSON: decoded, then validated by `schema`; `expected` says what it must be. */
export function jsonVariable<T extends z.ZodMiniType>(schema: T, expected: string) {
  const decoded = z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: `must be ${expected}`, input: text });
        return z.NEVER;
      }
    }),
  );
  return z.pipe(decoded, schema);
}

/** `DEAD_LETTER_QUEUES`: a JSON object of source queue ARN → its dead-letter queue URL. */
export const deadLetterQueuesVariable = jsonVariable(
  z.record(z.string().check(z.startsWith('arn:')), z.url()),
  'a JSON object of queue ARN → DLQ URL',
);

/** `UPSTREAM_QUEUES`: a JSON object of upstream queue ARN → the queue's name in the producer table. */
export const upstreamQueuesVariable = jsonVariable(
  z.record(z.string().check(z.startsWith('arn:')), z.enum(UPSTREAM_QUEUES)),
  `a JSON object of queue ARN → ${UPSTREAM_QUEUES.join(' | ')}`,
);

/** Common variable shapes: a non-empty name and an ARN. */
export const nonEmpty = z.string().check(z.minLength(1));
export const arnString = z.string().check(z.startsWith('arn:'));

/** Reads a function's environment once per cold start; a missing or malformed variable is named in the error. */
export function readEnvironment<T extends z.ZodMiniType>(
  schema: T,
  environment: NodeJS.ProcessEnv,
  scope: string,
): z.output<T> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) throw new ConfigurationError(scope, describeIssues(parsed.error.issues).reason);
  return parsed.data;
}

/**
 * The bot's `getMe` result (`BOT_INFO`, from the stage's context `botInfo`), so the webhook never calls `getMe` on the
 * request path. `npm run webhook:register` prints it. Flags Telegram added recently default to `false` (what getMe
 * answers for a bot that never turned them on); unknown newer fields pass through.
 */
export const botInfoSchema = z.looseObject({
  id: z.int().check(z.positive()),
  is_bot: z.literal(true),
  first_name: z.string().check(z.minLength(1)),
  username: z.string().check(z.minLength(1)),
  last_name: z.optional(z.string()),
  language_code: z.optional(z.string()),
  can_join_groups: z.boolean(),
  can_read_all_group_messages: z.boolean(),
  supports_inline_queries: z.boolean(),
  can_connect_to_business: z._default(z.boolean(), false),
  has_main_web_app: z._default(z.boolean(), false),
  has_topics_enabled: z._default(z.boolean(), false),
  allows_users_to_create_topics: z._default(z.boolean(), false),
  can_manage_bots: z._default(z.boolean(), false),
  supports_join_request_queries: z._default(z.boolean(), false),
  supports_guest_queries: z.optional(z.boolean()),
});
export type BotInfo = z.output<typeof botInfoSchema>;

/** The bot operator's support contact (`SUPPORT_CONTACT`, context `supportContact`): shown in security notices. */
export const supportContactSchema = z.string().check(z.trim(), z.minLength(3), z.maxLength(200));
