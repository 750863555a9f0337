import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { capturedOutput, personalDataIn } from '../helpers/privacy-guard';

describe('the privacy guard every test file runs under', () => {
  it('sees what the Powertools logger writes', () => {
    new Logger({ serviceName: 'guard-test' }).info('guard marker 4f1c');
    expect(capturedOutput()).toContain('guard marker 4f1c');
  });

  it('finds valid IINs and Kazakhstan phones, and ignores other numbers', () => {
    expect(personalDataIn('{"iin":"061211600012"}')).toEqual(['IIN 06…']);
    expect(personalDataIn('call +77015550123, 77015550123 or 87015550123')).toEqual([
      'phone 770…',
      'phone 770…',
      'phone 870…',
    ]);
    expect(personalDataIn('ts 1764100000000, count 061211600013, id 123')).toEqual([]);
    expect(personalDataIn('key "Айгерим +7 701 555 01 23"')).toEqual(['phone 770…']);
  });
});
