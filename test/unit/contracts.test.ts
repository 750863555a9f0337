import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestConfig } from '../../functions/ingest/config';
import { UPSTREAM_EVENT_TYPES } from '../../shared/contracts/events';
import { OUTBOUND_EXAMPLES, UPSTREAM_EXAMPLES } from '../../shared/contracts/examples';
import { MAX_AMOUNT_TIYN } from '../../shared/contracts/fields';
import { renderContractFiles } from '../../shared/contracts/json-schema';
import { parseOutboundEvent } from '../../shared/contracts/outbound';
import { MAX_EVENT_BYTES, parseUpstreamEvent, parseUpstreamEventBody, scrubDigits } from '../../shared/contracts/parse';

const example = (type: string) => {
  const found = UPSTREAM_EXAMPLES.find((event) => event.type === type);
  if (!found) throw new Error(`no example for ${type}`);
  return structuredClone(found) as unknown as { data: Record<string, unknown> } & Record<string, unknown>;
};

function reasonFor(input: unknown): string {
  const result = parseUpstreamEvent(input);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('event contract', () => {
  it('has a valid example for every upstream type and for the outbound event', () => {
    expect(UPSTREAM_EXAMPLES.map((e) => e.type).sort()).toEqual([...UPSTREAM_EVENT_TYPES].sort());
    for (const event of UPSTREAM_EXAMPLES) expect(parseUpstreamEvent(event)).toEqual({ ok: true, value: event });
    for (const event of OUTBOUND_EXAMPLES) {
      expect(parseOutboundEvent(JSON.stringify(event))).toEqual({ ok: true, value: event });
    }
  });

  it.each([
    [
      'an unknown type',
      (e: ReturnType<typeof example>) => Object.assign(e, { type: 'osms.refund' }),
      /^type: unknown event type/,
    ],
    [
      'an impossible date',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { paidOn: '2026-02-30' }),
      /^data\.paidOn: must be a real calendar date/,
    ],
    [
      'an impossible period',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { period: '2026-13' }),
      /^data\.period: must be a real month/,
    ],
    [
      'negative money',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { amountTiyn: -100 }),
      /^data\.amountTiyn: must not be negative/,
    ],
    [
      'fractional money',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { amountTiyn: 10.5 }),
      /^data\.amountTiyn: must be a whole number of tiyn/,
    ],
    [
      'an invalid IIN',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { iin: '850415300122' }),
      /^data\.iin: is not a valid IIN: the check digit/,
    ],
    [
      'a short IIN',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { iin: '85041530' }),
      /^data\.iin: must be an IIN of exactly 12 digits$/,
    ],
    [
      'an unknown field',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { comment: 'x' }),
      /^data: 1 unknown field\(s\) \(not in the contract\)$/,
    ],
    ['a missing field', (e: ReturnType<typeof example>) => delete e.data.status, /^data\.status: /],
    [
      'a date-time without offset',
      (e: ReturnType<typeof example>) => Object.assign(e, { occurredAt: '2026-05-20T11:42:07' }),
      /^occurredAt: must be an ISO-8601 date-time/,
    ],
    [
      'an emoji in the event id',
      (e: ReturnType<typeof example>) => Object.assign(e, { eventId: 'pay-🙂' }),
      /^eventId: eventId must be 1–128 printable ASCII/,
    ],
    [
      'an id longer than 128',
      (e: ReturnType<typeof example>) => Object.assign(e, { eventId: 'x'.repeat(129) }),
      /^eventId: /,
    ],
    [
      'schema version 2',
      (e: ReturnType<typeof example>) => Object.assign(e, { schemaVersion: 2 }),
      /^schemaVersion: must be 1/,
    ],
    [
      'a deduction from a self-payer',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { payerType: 'self_paid' }),
      /^data\.kind: deduction goes with payerType employer/,
    ],
    [
      'a state payment without a category',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { payerType: 'state', kind: 'contribution' }),
      /^data\.category: is required when the state pays/,
    ],
  ])('rejects a payment with %s, naming the field', (_, spoil, reason) => {
    const event = example('osms.payment');
    spoil(event);
    expect(reasonFor(event)).toMatch(reason);
  });

  it('rejects dates outside 2000–2100 and accepts date-times with or without seconds', () => {
    const far = example('osms.payment');
    far.data.paidOn = '2201-01-01';
    expect(reasonFor(far)).toBe('data.paidOn: must be a date from 2000 to 2100');
    const early = example('osms.payment');
    early.occurredAt = '1989-05-20T11:42:07+05:00';
    expect(reasonFor(early)).toBe('occurredAt: must be a date-time from 2000 to 2100');
    const minutes = example('osms.payment');
    minutes.occurredAt = '2026-05-20T11:42+05:00';
    expect(parseUpstreamEvent(minutes).ok).toBe(true);
  });

  it('never quotes an unknown key, which could carry a name or a phone', () => {
    const event = example('osms.payment');
    event.data['Айгерим Нурланова +7 701 555 01 23'] = 1;
    event.data['850415300121'] = 1;
    const reason = reasonFor(event);
    expect(reason).toBe('data: 2 unknown field(s) (not in the contract)');
  });

  it('masks digit runs, spaced or not, wherever a reason could contain them', () => {
    expect(scrubDigits('event src#pay-850415300121 and +7 701 555-01-23 and (701) 555 0123')).toBe(
      'event src#pay-•••••••••••• and ••••••••••• and (••••••••••',
    );
    expect(scrubDigits('larger than 16384 bytes; 2 versions')).toBe('larger than 16384 bytes; 2 versions');
  });

  it('scrubs IINs and phones out of free text as it parses, so nothing downstream sees them; dates stay', () => {
    const event = example('osms.payment');
    Object.assign(event.data, {
      status: 'rejected',
      rejectReason: 'IIN 85041_53001_21 does not match; call 7701/555/0123 or +7 701 555 01 23 by 10.03.2026',
    });
    const parsed = parseUpstreamEvent(event);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value.type === 'osms.payment' && parsed.value.data.rejectReason).toBe(
      'IIN •••••••••••• does not match; call ••••••••••• or ••••••••••• by 10.03.2026',
    );
  });

  it.each([
    ['eventId', 'osms.payment', (e: ReturnType<typeof example>) => Object.assign(e, { eventId: 'pay-850415300121' })],
    ['eventId', 'osms.payment', (e: ReturnType<typeof example>) => Object.assign(e, { eventId: 'p-85041_53001_21' })],
    ['source', 'osms.payment', (e: ReturnType<typeof example>) => Object.assign(e, { source: 'gk.850415300121' })],
    [
      'data.caseId',
      'pension.funds.credited',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { caseId: 'OB-8504-1530-0121' }),
    ],
    [
      'data.conclusionId',
      'dkk.conclusion.issued',
      (e: ReturnType<typeof example>) => Object.assign(e.data, { conclusionId: '850415300121' }),
    ],
  ])('refuses an IIN in %s (%s), naming the field and not the value', (field, type, spoil) => {
    const event = example(type);
    spoil(event);
    const reason = reasonFor(event);
    expect(reason).toMatch(new RegExp(`^${field.replace('.', '\\.')}: .*must not contain an IIN`));
    expect(reason.replace(/\D/g, '')).not.toContain('850415300121');
  });

  it('keeps ordinary numeric ids, however long', () => {
    const event = example('pension.funds.credited');
    Object.assign(event, { eventId: '1234567890123456789' });
    Object.assign(event.data, { caseId: '000000000000' });
    expect(parseUpstreamEvent(event).ok).toBe(true);
  });

  it('caps every amount at the product limit of 10^12 tiyn, so sums stay exact', () => {
    expect(MAX_AMOUNT_TIYN * 9000).toBeLessThan(Number.MAX_SAFE_INTEGER);
    for (const type of ['osms.payment', 'pension.funds.credited', 'pension.funds.returned']) {
      const atLimit = example(type);
      atLimit.data.amountTiyn = MAX_AMOUNT_TIYN;
      expect(parseUpstreamEvent(atLimit).ok).toBe(true);
      const over = example(type);
      over.data.amountTiyn = MAX_AMOUNT_TIYN + 1;
      expect(reasonFor(over)).toBe(
        'data.amountTiyn: must be at most 10^12 tiyn (10 billion ₸), the product limit per event',
      );
    }
    const schema = renderContractFiles().find((file) => file.path === 'pension.transfer.completed.schema.json');
    expect(JSON.parse(schema?.content ?? '{}').properties.data.properties.amountTiyn.maximum).toBe(MAX_AMOUNT_TIYN);
  });

  it('rejects a ДКК conclusion entered before its session, and a stage other than 1 or 2', () => {
    const early = example('dkk.conclusion.issued');
    early.data.enteredAt = '2026-01-15T23:00:00+05:00';
    expect(reasonFor(early)).toBe('data.enteredAt: is before the ДКК session date');
    const stage3 = example('dkk.conclusion.issued');
    stage3.data.stage = 3;
    expect(reasonFor(stage3)).toBe('data.stage: must be the stage number 1 or 2');
  });

  it('rejects a phone that is not +7 and 10 digits', () => {
    const event = example('citizen.contact');
    event.data.phone = '87015550123';
    expect(reasonFor(event)).toMatch(/^data\.phone: must be a Kazakhstan phone in E\.164 form/);
  });

  it('never repeats the rejected value in the reason', () => {
    const event = example('osms.payment');
    event.data.iin = '850415300122';
    event.data.rejectReason = 'secret text';
    expect(reasonFor(event)).not.toContain('850415300122');
    expect(reasonFor(event)).not.toContain('secret text');
  });

  it('rejects bodies that are not JSON, not objects, or too large', () => {
    expect(parseUpstreamEventBody('{"eventId": "x",')).toMatchObject({ ok: false, reason: 'body: is not valid JSON' });
    expect(parseUpstreamEventBody('[1,2]')).toMatchObject({ ok: false, field: 'body' });
    expect(parseUpstreamEventBody('null')).toMatchObject({ ok: false, field: 'body' });
    const huge = JSON.stringify({ ...example('osms.payment'), padding: 'x'.repeat(MAX_EVENT_BYTES) });
    expect(parseUpstreamEventBody(huge)).toMatchObject({
      ok: false,
      reason: `body: larger than ${MAX_EVENT_BYTES} bytes`,
    });
  });

  it('publishes JSON Schema files that match the zod schemas (run npm run contracts:generate when this fails)', () => {
    const dir = join(import.meta.dirname, '..', '..', 'docs', 'events');
    const onDisk = [
      ...readdirSync(dir).filter((name) => name.endsWith('.json')),
      ...readdirSync(join(dir, 'examples')).map((name) => `examples/${name}`),
    ].sort();
    const rendered = renderContractFiles();
    expect(onDisk).toEqual(rendered.map((file) => file.path));
    for (const file of rendered) expect(readFileSync(join(dir, file.path), 'utf8')).toBe(file.content);
  });
});

describe('personal numbers where an organisation is expected', () => {
  it("refuses an individual entrepreneur's IIN sent as the clinic's BIN, and keeps real BINs", () => {
    const conclusion = UPSTREAM_EXAMPLES.find((e) => e.type === 'dkk.conclusion.issued');
    if (conclusion?.type !== 'dkk.conclusion.issued') throw new Error('no ДКК example');
    expect(parseUpstreamEvent(conclusion).ok).toBe(true);
    const withIin = { ...conclusion, data: { ...conclusion.data, medicalOrgBin: '850415300121' } };
    const parsed = parseUpstreamEvent(withIin);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toBe(
      "data.medicalOrgBin: must be the organisation's BIN, not a person's IIN",
    );
  });
});

describe("zod's own messages (zod/mini with the English locale, shared/contracts/zod.ts)", () => {
  it('names what a field expects, as classic zod did, instead of a bare "Invalid input"', () => {
    const payment = example('osms.payment');
    payment.data.kind = 1;
    expect(reasonFor(payment)).toBe('data.kind: Invalid option: expected one of "deduction"|"contribution"');
    expect(() => ingestConfig({})).toThrow(
      'ingest configuration: TABLE_NAME: Invalid input: expected string, received undefined',
    );
  });
});
