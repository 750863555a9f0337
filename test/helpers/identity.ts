import { HmacIdentity } from '../../shared/adapters/identity';

/** The identity key of development and tests: never the production secret. */
export const TEST_IDENTITY_SECRET = 'test-only-identity-secret-0123456789abcdef';
export const testIdentity = new HmacIdentity(TEST_IDENTITY_SECRET);
