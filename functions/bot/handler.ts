import { SecretsManagerSource } from '../../shared/adapters/secrets';
import { makeHandler } from './webhook';

/**
 * The Telegram webhook Lambda: its configuration is read once per cold start (a missing variable fails the start);
 * the webhook secret is fetched on the first request, the other secrets after its check (`webhook.ts`).
 */
export const handler = makeHandler(process.env, new SecretsManagerSource());
