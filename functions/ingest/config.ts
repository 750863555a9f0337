import { z } from 'zod';
import { deadLetterQueuesVariable, readEnvironment } from '../../shared/contracts/config';

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
  DEAD_LETTER_QUEUES: deadLetterQueuesVariable,
});

export type IngestConfig = z.output<typeof configSchema>;

/** Reads the function's environment once per cold start; a missing or malformed variable stops it with its name. */
export function ingestConfig(environment: NodeJS.ProcessEnv): IngestConfig {
  return readEnvironment(configSchema, environment, (problem) => new ConfigurationError(problem));
}
