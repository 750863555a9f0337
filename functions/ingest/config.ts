import { z } from 'zod';
import { describeIssues } from '../../shared/contracts/parse';

export class ConfigurationError extends Error {
  constructor(problem: string) {
    super(`ingest configuration: ${problem}`);
    this.name = 'ConfigurationError';
  }
}

const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  IDENTITY_SECRET_NAME: z.string().min(1),
  CHANGES_QUEUE_URL: z.url(),
  /** JSON object: source queue ARN → its dead-letter queue URL. */
  DEAD_LETTER_QUEUES: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of queue ARN → DLQ URL' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().startsWith('arn:'), z.url())),
});

export type IngestConfig = z.output<typeof configSchema>;

/** Reads the function's environment once per cold start; a missing or malformed variable stops it with its name. */
export function ingestConfig(environment: NodeJS.ProcessEnv): IngestConfig {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) throw new ConfigurationError(describeIssues(parsed.error.issues).reason);
  return parsed.data;
}
