import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a running local stack says where its parts are (read by `npm run chat` and `npm run ops`). */
export const STATE_FILE = join('.local', 'stack.json');
export const LOCAL_TABLE = 'osms-local';
/** The identity key of the local stack — development only; the cloud's lives in Secrets Manager. */
export const LOCAL_IDENTITY_SECRET = 'local-development-identity-key-not-a-secret';

export interface StackState {
  http: string;
  dynamodb: string;
  table: string;
  telegram: { fake: true; apiRoot: string; token: string } | { fake: false };
  pid: number;
}

export class StackNotRunningError extends Error {
  constructor() {
    super('the local stack is not running: start it with npm start');
    this.name = 'StackNotRunningError';
  }
}

export function readStackState(): StackState {
  if (!existsSync(STATE_FILE)) throw new StackNotRunningError();
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState;
}
