import type { Node } from 'constructs';
import * as z from 'zod';
import { type BotInfo, botInfoSchema, ConfigurationError, supportContactSchema } from '../shared/contracts/config';
import { describeIssues } from '../shared/contracts/parse';
import { PRODUCERS, type ProducerName } from '../shared/contracts/producers';

/** An AWS account id or an IAM principal ARN. */
const principal = z.string().regex(/^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:[\w+=,.@/-]+)$/, 'an account id or an IAM ARN');

/**
 * The stage's context (cdk.json, cdk.context.json or `-c`; docs/deploy.md). `producers` is keyed by producer name —
 * the names of shared/contracts/producers.ts — so a queue admits exactly the principals of the producers that table
 * lists for it; every producer must be named (an empty list closes its queues to it).
 */
const contextSchema = z.object({
  stage: z.enum(['dev', 'prod']).default('dev'),
  producers: z.strictObject(
    Object.fromEntries(PRODUCERS.map((name) => [name, z.array(principal)])) as Record<
      ProducerName,
      z.ZodArray<typeof principal>
    >,
  ),
  operatorConsumers: z.array(principal).default([]),
  botInfo: botInfoSchema,
  supportContact: supportContactSchema,
});

export type StageContext = z.output<typeof contextSchema>;
export type { BotInfo };

const KEYS = ['stage', 'producers', 'operatorConsumers', 'botInfo', 'supportContact'] as const;

/** Reads and validates the context; a missing or malformed entry stops the synthesis with its name. */
export function readStageContext(node: Node): StageContext {
  const raw = Object.fromEntries(KEYS.map((key) => [key, decode(node.tryGetContext(key))]));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigurationError('cdk context', describeIssues(parsed.error.issues).reason);
  return parsed.data;
}

/** `-c key='{"…":…}'` arrives as a string; cdk.json values arrive parsed. */
function decode(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
