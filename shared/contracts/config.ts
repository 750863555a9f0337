import { z } from 'zod';
import { describeIssues } from './parse';

/** `DEAD_LETTER_QUEUES`: a JSON object of source queue ARN → its dead-letter queue URL. */
export const deadLetterQueuesVariable = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of queue ARN → DLQ URL' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().startsWith('arn:'), z.url()));

/** Reads a function's environment once per cold start; a missing or malformed variable is named in the error. */
export function readEnvironment<T extends z.ZodType>(
  schema: T,
  environment: NodeJS.ProcessEnv,
  fail: (problem: string) => Error,
): z.output<T> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) throw fail(describeIssues(parsed.error.issues).reason);
  return parsed.data;
}
