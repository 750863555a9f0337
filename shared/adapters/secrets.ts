import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { Telemetry } from '../app/ports';
import { METRIC } from '../contracts/environment';
import { HmacIdentity, type Identity, IdentitySecretError } from './identity';

/** Where secrets come from: Secrets Manager in the cloud, the environment or a fixed value locally and in tests. */
export interface SecretSource {
  secret(name: string): Promise<string>;
}

export class SecretNotFoundError extends Error {
  readonly secretName: string;

  constructor(secretName: string, options?: ErrorOptions) {
    super(`secret ${secretName} is missing or empty`, options);
    this.name = 'SecretNotFoundError';
    this.secretName = secretName;
  }
}

/** Secrets Manager through Powertools Parameters: fetched once per cold start, cached for `maxAgeSeconds`. */
export class SecretsManagerSource implements SecretSource {
  constructor(private readonly maxAgeSeconds = 300) {}

  async secret(name: string): Promise<string> {
    const value = await getSecret<string>(name, { maxAge: this.maxAgeSeconds });
    if (typeof value !== 'string' || value === '') throw new SecretNotFoundError(name);
    return value;
  }
}

export class StaticSecretSource implements SecretSource {
  constructor(private readonly values: Readonly<Record<string, string>>) {}

  async secret(name: string): Promise<string> {
    const value = this.values[name];
    if (value === undefined || value === '') throw new SecretNotFoundError(name);
    return value;
  }
}

/**
 * The identity keyer, built from the HMAC secret (`IDENTITY_SECRET_NAME` in the functions' environment). A missing,
 * empty or too short secret is counted as `IdentitySecretMissing` — an alarm pages the operator at once, instead of
 * messages silently reaching the DLQ after five receives — and thrown, so the batch is retried once it is set.
 */
export async function loadIdentity(
  source: SecretSource,
  secretName: string,
  telemetry?: Pick<Telemetry, 'count' | 'error'>,
): Promise<Identity> {
  try {
    return new HmacIdentity(await source.secret(secretName));
  } catch (error) {
    if (error instanceof SecretNotFoundError || error instanceof IdentitySecretError || isMissingSecret(error)) {
      telemetry?.error('identity secret missing or invalid; nothing can be keyed', { error: (error as Error).name });
      telemetry?.count(METRIC.identitySecretMissing);
    }
    throw error;
  }
}

function isMissingSecret(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ResourceNotFoundException';
}
