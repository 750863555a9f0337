/**
 * What the bundler puts in place of `@aws-sdk/credential-provider-node` in every Lambda bundle (infra/constructs/
 * bundling.ts). Lambda hands each function its role's credentials in the environment, and the SDK's default chain
 * tries the environment first, so in Lambda the rest of the chain (SSO, ini files, web identity, container and
 * instance metadata, with the STS and SSO clients they load: ~95 KiB minified) is never reached. Local code and tests
 * run from source and keep the full chain.
 */

/** The identity the SDK's clients sign with (the shape of `AwsCredentialIdentity` in `@smithy/types`). */
export interface LambdaCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

export class LambdaCredentialsMissingError extends Error {
  readonly variable: string;

  constructor(variable: string) {
    super(`${variable} is not set: a Lambda bundle reads its credentials from the environment only`);
    this.name = 'LambdaCredentialsMissingError';
    this.variable = variable;
  }
}

/** The credentials in the environment Lambda sets, read each time the SDK asks (it caches them itself). */
export function lambdaEnvironmentCredentials(env: NodeJS.ProcessEnv = process.env): LambdaCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId) throw new LambdaCredentialsMissingError('AWS_ACCESS_KEY_ID');
  if (!secretAccessKey) throw new LambdaCredentialsMissingError('AWS_SECRET_ACCESS_KEY');
  const expiration = env.AWS_CREDENTIAL_EXPIRATION;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(expiration ? { expiration: new Date(expiration) } : {}),
    ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
  };
}

/** The one export the clients' runtime configuration imports from `@aws-sdk/credential-provider-node`. */
export const defaultProvider = (_init?: unknown) => async (): Promise<LambdaCredentials> =>
  lambdaEnvironmentCredentials();
