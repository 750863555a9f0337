import { readFileSync } from 'node:fs';
import { FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_IDS } from '../../shared/domain/case-guidance';
import { MessageRenderError } from '../../shared/messages/errors';
import {
  DEFAULT_LANGUAGE,
  formatDate,
  formatMoney,
  formatMonth,
  LANGUAGES,
  type Language,
  progressBar,
} from '../../shared/messages/format';
import { MESSAGE_KEYS, type MessageKey, messageKeys, renderMessage } from '../../shared/messages/render';

import { IIN_MASKED, sampleParams } from './message-params';

/** Variables that choose a variant (Fluent select expressions) rather than appear in the text. */
const SELECT_VARIABLES = new Set(['nextStep', 'state', 'step', 'reasonCode', 'document', 'payerType', 'cause']);

/** The bot's ids, written out here so that dropping or renaming one in both files and MESSAGE_KEYS still fails. */
const BOT_KEYS = [
  'bot-welcome',
  'bot-consent',
  'bot-ask-contact',
  'bot-contact-not-own',
  'bot-ask-iin',
  'bot-iin-not-12-digits',
  'bot-iin-century-digit',
  'bot-iin-birth-date',
  'bot-iin-check-digit',
  'bot-link-refused',
  'bot-link-limit',
  'bot-linked',
  'bot-need-link',
  'bot-menu',
  'bot-not-understood',
  'bot-rate-limited',
  'button-agree',
  'button-kazakh',
  'button-russian',
  'button-share-contact',
  'button-status',
  'button-payments',
  'button-case',
  'button-reminders',
  'button-language',
  'button-help',
  'button-forget-confirm',
  'button-cancel',
  'button-menu',
  'button-reminder-pension',
  'button-reminder-coverage',
  'status-insured',
  'status-conditionally-insured',
  'status-not-insured',
  'status-no-payments',
  'payments-header',
  'payments-month-paid',
  'payments-month-missing',
  'payments-month-not-due',
  'payments-month-under-review',
  'payments-month-rejected',
  'payer-employer',
  'payer-employee',
  'payer-individual-entrepreneur',
  'payer-self-paid',
  'payer-single-aggregate',
  'payer-platform',
  'payer-state',
  'case-none',
  'case-header',
  'case-countdown',
  'case-transfer-due',
  'case-next-step',
  'case-contact',
  'reminders-header',
  'language-choose',
  'language-set',
  'help',
  'forget-confirm',
  'forget-done',
  'forget-cancelled',
  'command-start',
  'command-status',
  'command-payments',
  'command-case',
  'command-reminders',
  'command-language',
  'command-help',
  'command-forget',
  'bot-linked-elsewhere',
] as const satisfies readonly MessageKey[];

/** Every select variable of the bot's texts and exactly the values it must have a branch for (besides `*[other]`). */
const SELECTS = [
  { key: 'button-reminder-pension', variable: 'state', values: ['on', 'off'] },
  { key: 'button-reminder-coverage', variable: 'state', values: ['on', 'off'] },
  {
    key: 'case-header',
    variable: 'state',
    values: [
      'application_submitted',
      'funds_credited',
      'dkk_issued',
      'documents_submitted',
      'stage1_paid',
      'paid',
      'return_due',
      'returned',
    ],
  },
  {
    key: 'case-next-step',
    variable: 'step',
    values: [
      'get-dkk',
      'upload-documents',
      'wait-for-payment',
      'stage-two',
      'contact-operator',
      'none',
      'fix-documents',
      'sign-conversion-application',
    ],
  },
  {
    key: 'case-rejection-reason',
    variable: 'reasonCode',
    values: ['not_targeted_use', 'incomplete', 'contract_mismatch', 'translation_missing'],
  },
  {
    key: 'case-documents-header',
    variable: 'step',
    values: ['get-dkk', 'upload-documents', 'fix-documents', 'stage-two', 'sign-conversion-application'],
  },
  { key: 'case-document', variable: 'document', values: [...DOCUMENT_IDS] },
] as const satisfies readonly { key: MessageKey; variable: string; values: readonly string[] }[];

function ftlSource(language: Language): string {
  return readFileSync(new URL(`../../shared/messages/${language}.ftl`, import.meta.url), 'utf8');
}

/** Ids of the messages a .ftl file defines, read from its text (Fluent's parser silently drops broken entries). */
function idsInFile(language: Language): string[] {
  return [...ftlSource(language).matchAll(/^([a-z][a-z0-9-]*) *=/gm)].map((match) => match[1] as string);
}

interface SelectShape {
  readonly variable: string;
  readonly keys: readonly string[];
  readonly defaultKey: string;
}

/** The select expressions on variables in one message, read from Fluent's parsed form (branch keys and the default). */
function selectsIn(language: Language, key: MessageKey): SelectShape[] {
  const entry = new FluentResource(ftlSource(language)).body.find((candidate) => candidate.id === key);
  const found: SelectShape[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const element of node) walk(element);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const select = node as {
      type?: string;
      selector?: { type?: string; name?: string };
      variants?: { key: { value: string | number }; value: unknown }[];
      star?: number;
    };
    if (select.type !== 'select' || !select.variants) return;
    if (select.selector?.type === 'var' && select.selector.name) {
      const keys = select.variants.map((variant) => String(variant.key.value));
      found.push({ variable: select.selector.name, keys, defaultKey: keys[select.star ?? -1] ?? '' });
    }
    for (const variant of select.variants) walk(variant.value);
  };
  walk(entry?.value);
  return found;
}

/** Emoji as Unicode sees them (the variation selector U+FE0F that follows some of them is not counted). */
const EMOJI = /\p{Extended_Pictographic}/gu;

const sorted = (keys: readonly string[]) => [...keys].sort();

describe('message ids', () => {
  it.each(LANGUAGES)('%s defines exactly the MessageKey ids, each once', (language) => {
    expect(sorted(messageKeys(language))).toEqual(sorted(MESSAGE_KEYS));
    expect(sorted(idsInFile(language))).toEqual(sorted(MESSAGE_KEYS));
  });

  it.each(LANGUAGES)(
    '%s has every bot text, button and command description, and MESSAGE_KEYS lists them',
    (language) => {
      for (const key of BOT_KEYS) {
        expect(MESSAGE_KEYS, key).toContain(key);
        expect(messageKeys(language), key).toContain(key);
      }
    },
  );

  it('offers Kazakh (the default) and Russian', () => {
    expect(LANGUAGES).toEqual(['kk', 'ru']);
    expect(DEFAULT_LANGUAGE).toBe('kk');
  });
});

describe('renderMessage', () => {
  describe.each(LANGUAGES)('in %s', (language) => {
    const params = sampleParams(language);

    it.each(MESSAGE_KEYS)('renders %s with its dates and money, short and without leftovers', (key) => {
      const text = renderMessage(language, key, params[key]);
      // Every string parameter is a formatted date, amount, month, bar or id, except the selectors.
      for (const [name, value] of Object.entries(params[key])) {
        if (typeof value === 'string' && !SELECT_VARIABLES.has(name)) expect(text).toContain(value);
      }
      expect(text).not.toMatch(/[\u2068\u2069]/);
      expect(text).not.toMatch(/[{}$]/);
      expect(text).not.toContain('..');
      expect(text.trim()).toBe(text);
      // The privacy notice (/privacy) is the one long text: a notice, not a message to act on.
      expect(text.split('\n').length).toBeLessThanOrEqual(key === 'privacy' ? 7 : 5);
      expect(text.length).toBeLessThan(key === 'privacy' ? 1000 : 500);
    });

    it.each(MESSAGE_KEYS)('puts at most one emoji in %s, and only at its start', (key) => {
      const text = renderMessage(language, key, params[key]);
      const emoji = text.match(EMOJI) ?? [];
      expect(emoji.length).toBeLessThanOrEqual(1);
      if (emoji.length === 1) expect(text.startsWith(emoji[0] as string)).toBe(true);
    });

    it.each(MESSAGE_KEYS)('uses every variable of %s (leaving any one out throws)', (key) => {
      for (const name of Object.keys(params[key])) {
        const { [name]: _left, ...rest } = params[key];
        expect(() => renderMessage(language, key, rest), `${key} without ${name}`).toThrow(MessageRenderError);
      }
    });

    it('names the Fund contact centre 1406 in the forecast note and in coverage messages', () => {
      expect(renderMessage(language, 'forecast-note')).toContain('1406');
      expect(renderMessage(language, 'coverage-ending', params['coverage-ending'])).toContain('1406');
      expect(renderMessage(language, 'coverage-ended', params['coverage-ended'])).toMatch(/1406[\s\S]*1414/);
    });

    it('names the authorised operator, Otbasy Bank, where documents go', () => {
      for (const key of ['funds-credited', 'dkk-arrived', 'documents-reminder'] as const) {
        expect(renderMessage(language, key, params[key])).toContain('(Отбасы банк)');
      }
    });

    it('tells a two-stage dental patient about the second conclusion, and no one else', () => {
      const base = params['paid-to-clinic'];
      const stageTwo = renderMessage(language, 'paid-to-clinic', { ...base, stage: 1, nextStep: 'stage-two' });
      const done = renderMessage(language, 'paid-to-clinic', { ...base, stage: 1, nextStep: 'none' });
      const secondPaid = renderMessage(language, 'paid-to-clinic', { ...base, stage: 2, nextStep: 'none' });
      const conclusion = language === 'kk' ? 'екінші ДКК қорытындысын' : 'второе заключение ВКК';
      expect(stageTwo).toContain(conclusion);
      expect(done).not.toContain(conclusion);
      expect(secondPaid).not.toContain(conclusion);
      expect(secondPaid).not.toBe(done);
    });

    it('tells a second-stage ДКК conclusion apart from the first', () => {
      const first = renderMessage(language, 'dkk-arrived', { ...params['dkk-arrived'], stage: 1 });
      const second = renderMessage(language, 'dkk-arrived', { ...params['dkk-arrived'], stage: 2 });
      expect(second).toContain(language === 'kk' ? 'Екінші кезең' : 'второго этапа');
      expect(first).not.toContain(language === 'kk' ? 'Екінші кезең' : 'второго этапа');
    });

    it.each(SELECTS)('renders a distinct text for every $variable of $key', ({ key, variable, values }) => {
      const texts = values.map((value) => renderMessage(language, key, { ...params[key], [variable]: value }));
      const fallback = renderMessage(language, key, { ...params[key], [variable]: 'no-such-value' });
      expect(new Set(texts).size, texts.join('\n---\n')).toBe(values.length);
      // A value without its own branch would fall through to the default and read like it.
      for (const text of texts) {
        expect(text).not.toBe(fallback);
        expect(text).not.toMatch(/[\u2068\u2069{}$]/);
      }
    });

    it.each(SELECTS)(
      'branches $variable of $key on exactly its values plus a default [other]',
      ({ key, variable, values }) => {
        const shapes = selectsIn(language, key).filter((shape) => shape.variable === variable);
        expect(shapes.length).toBeGreaterThan(0);
        for (const shape of shapes) {
          expect(sorted(shape.keys)).toEqual(sorted([...values, 'other']));
          expect(shape.defaultKey).toBe('other');
        }
      },
    );

    it('names the language buttons in their own language', () => {
      expect(renderMessage(language, 'button-kazakh')).toBe('Қазақша');
      expect(renderMessage(language, 'button-russian')).toBe('Русский');
      expect(renderMessage(language, 'language-choose')).toBe(
        renderMessage(language === 'kk' ? 'ru' : 'kk', 'language-choose'),
      );
    });

    it('refuses a link in one text that takes only the attempts left and says nothing about the IIN', () => {
      const refused = renderMessage(language, 'bot-link-refused', { attemptsLeft: 3 });
      const extra = { attemptsLeft: 3, iinMasked: IIN_MASKED, iin: '000000000000' };
      expect(renderMessage(language, 'bot-link-refused', extra)).toBe(refused);
      expect(refused).toContain('egov.kz');
      expect(refused).toContain('/start');
      expect(refused).toContain('3');
      expect(refused).toContain(language === 'kk' ? 'ХҚКО' : 'ЦОН');
      expect(refused).not.toContain(IIN_MASKED);
      expect(refused).not.toMatch(/\d{6}/);
      expect(renderMessage(language, 'bot-link-refused', { attemptsLeft: 0 })).not.toMatch(/\b0\b/);
    });

    it("keeps buttons to a few words on one line, and command descriptions within Telegram's 256 characters", () => {
      for (const key of MESSAGE_KEYS.filter((candidate) => candidate.startsWith('button-'))) {
        const texts = SELECTS.some((select) => select.key === key)
          ? ['on', 'off'].map((state) => renderMessage(language, key, { state }))
          : [renderMessage(language, key)];
        for (const text of texts) {
          expect(text, key).not.toContain('\n');
          expect(text.length, key).toBeLessThanOrEqual(30);
          expect(
            text
              .replace(EMOJI, '')
              .replace(/[\ufe0f:/]/g, ' ')
              .trim()
              .split(/\s+/).length,
            key,
          ).toBeLessThanOrEqual(key.startsWith('button-reminder-') ? 4 : 3);
        }
      }
      for (const key of MESSAGE_KEYS.filter((candidate) => candidate.startsWith('command-'))) {
        const text = renderMessage(language, key);
        expect(text.length, key).toBeGreaterThan(0);
        expect(text.length, key).toBeLessThanOrEqual(256);
        expect(text, key).not.toContain('\n');
      }
    });

    it('names the buttons the texts tell the citizen to press', () => {
      const button = (key: MessageKey) => renderMessage(language, key).replace(EMOJI, '').trim();
      expect(renderMessage(language, 'bot-consent', params['bot-consent'])).toContain(`«${button('button-agree')}»`);
      expect(renderMessage(language, 'bot-ask-contact')).toContain(`«${button('button-share-contact')}»`);
      expect(renderMessage(language, 'bot-contact-not-own')).toContain(`«${button('button-share-contact')}»`);
    });

    it('tells what is kept and how to delete it before linking, and how to start again after /forget', () => {
      const consent = renderMessage(language, 'bot-consent', params['bot-consent']);
      expect(consent).toContain('/forget');
      expect(consent).toContain('/privacy');
      expect(consent).toContain(params['bot-consent'].support as string);
      expect(consent).toContain(language === 'kk' ? 'хэш-код' : 'хеш-код');
      const privacy = renderMessage(language, 'privacy', params.privacy);
      expect(privacy).toContain(language === 'kk' ? 'Дербес деректер' : 'персональных данных');
      expect(privacy).toContain('/forget');
      expect(renderMessage(language, 'forget-done')).toContain('/start');
      expect(renderMessage(language, 'bot-need-link')).toContain('/start');
    });

    it('explains each kind of IIN mistake in its own words and asks to send the IIN again', () => {
      const keys = [
        'bot-iin-not-12-digits',
        'bot-iin-century-digit',
        'bot-iin-birth-date',
        'bot-iin-check-digit',
      ] as const;
      const texts = keys.map((key) => renderMessage(language, key));
      expect(new Set(texts).size).toBe(keys.length);
      for (const text of texts) expect(text).toMatch(language === 'kk' ? /қайта жіберіңіз\.$/ : /отправьте ещё раз\.$/);
    });

    it('gives every contact in help: 1414, the free line, the Fund 1406 and fms.kz, and the operator', () => {
      const help = renderMessage(language, 'help');
      for (const contact of ['1414', '8-800-080-7777', '1406', 'fms.kz', '(Отбасы банк)'])
        expect(help).toContain(contact);
      for (const command of ['/status', '/payments', '/case', '/reminders', '/language', '/forget']) {
        expect(help).toContain(command);
      }
    });

    it('points to the Fund from every status that is not plainly insured, and to help for the case', () => {
      expect(renderMessage(language, 'status-not-insured', params['status-not-insured'])).toMatch(/1406/);
      expect(renderMessage(language, 'status-not-insured', params['status-not-insured'])).toContain('12');
      expect(renderMessage(language, 'status-no-payments')).toContain('1406');
      expect(renderMessage(language, 'case-contact')).toMatch(/\(Отбасы банк\)[\s\S]*otbasybank\.kz[\s\S]*enpf\.kz/);
      expect(renderMessage(language, 'case-transfer-due', params['case-transfer-due'])).toContain('(Отбасы банк)');
    });

    it('writes a paid month as «month — amount (payers)» and gives each payer its own label', () => {
      const { month, amount, payers } = params['payments-month-paid'];
      expect(renderMessage(language, 'payments-month-paid', params['payments-month-paid'])).toBe(
        `✅ ${month} — ${language === 'kk' ? 'түсті:' : 'поступило'} ${amount} (${payers})`,
      );
      const payerKeys = MESSAGE_KEYS.filter((key) => key.startsWith('payer-'));
      expect(payerKeys).toHaveLength(7);
      expect(new Set(payerKeys.map((key) => renderMessage(language, key))).size).toBe(payerKeys.length);
    });

    it('confirms a new language in that language', () => {
      expect(renderMessage(language, 'language-set')).toContain(language === 'kk' ? 'қазақша' : 'по-русски');
    });
  });

  it.each([
    [1, 'Остался 1 рабочий день'],
    [2, 'Осталось 2 рабочих дня'],
    [5, 'Осталось 5 рабочих дней'],
    [21, 'Остался 21 рабочий день'],
  ])('uses the Russian plural for %i working days left', (workingDaysLeft, phrase) => {
    const params = { ...sampleParams('ru')['documents-reminder'], workingDaysLeft };
    expect(renderMessage('ru', 'documents-reminder', params)).toContain(phrase);
  });

  it('uses the Russian plural for coverage days, months and the 45-day period', () => {
    const ru = sampleParams('ru');
    expect(renderMessage('ru', 'coverage-ending', { ...ru['coverage-ending'], days: 3 })).toContain('Через 3 дня');
    expect(renderMessage('ru', 'coverage-ending', { ...ru['coverage-ending'], days: 14 })).toContain('Через 14 дней');
    expect(renderMessage('ru', 'coverage-ended', { ...ru['coverage-ended'], restoreMonths: 1 })).toContain('1 месяц ');
    expect(renderMessage('ru', 'coverage-ended', { ...ru['coverage-ended'], restoreMonths: 12 })).toContain(
      '12 месяцев по',
    );
    expect(renderMessage('ru', 'funds-credited', ru['funds-credited'])).toContain('45 рабочих дней');
  });

  it.each([
    [1, 'ещё 1 платёж отклонён'],
    [3, 'ещё 3 платежа отклонены'],
    [5, 'ещё 5 платежей отклонено'],
    [21, 'ещё 21 платёж отклонён'],
  ])('uses the Russian plural for %i more rejected payments («отклонено» with 5+)', (count, phrase) => {
    expect(renderMessage('ru', 'payments-month-rejected-more', { count })).toContain(phrase);
  });

  it.each([
    [1, 'Остался 1 рабочий день — загрузите'],
    [4, 'Осталось 4 рабочих дня — загрузите'],
    [12, 'Осталось 12 рабочих дней — загрузите'],
  ])('uses the Russian plural for %i working days left in /case', (workingDaysLeft, phrase) => {
    const params = { ...sampleParams('ru')['case-countdown'], workingDaysLeft };
    expect(renderMessage('ru', 'case-countdown', params)).toContain(phrase);
  });

  it('counts Kazakh rejected payments and days left in /case without a plural ending', () => {
    expect(renderMessage('kk', 'payments-month-rejected-more', { count: 1 })).toContain('1 төлем қабылданбады');
    expect(renderMessage('kk', 'payments-month-rejected-more', { count: 3 })).toContain('3 төлем қабылданбады');
    const countdown = sampleParams('kk')['case-countdown'];
    expect(renderMessage('kk', 'case-countdown', { ...countdown, workingDaysLeft: 1 })).toContain('1 жұмыс күні қалды');
    expect(renderMessage('kk', 'case-countdown', { ...countdown, workingDaysLeft: 21 })).toContain(
      '21 жұмыс күні қалды',
    );
  });

  it('counts Kazakh days without a plural ending', () => {
    const kk = sampleParams('kk');
    expect(renderMessage('kk', 'documents-reminder', { ...kk['documents-reminder'], workingDaysLeft: 1 })).toContain(
      '1 жұмыс күні қалды',
    );
    expect(renderMessage('kk', 'documents-reminder', { ...kk['documents-reminder'], workingDaysLeft: 21 })).toContain(
      '21 жұмыс күні қалды',
    );
  });

  it('throws MessageRenderError naming the variable when one is missing', () => {
    const { deadline: _deadline, ...rest } = sampleParams('kk')['documents-reminder'];
    let thrown: unknown;
    try {
      renderMessage('kk', 'documents-reminder', rest);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MessageRenderError);
    expect((thrown as MessageRenderError).name).toBe('MessageRenderError');
    expect((thrown as MessageRenderError).message).toContain('$deadline');
    expect((thrown as MessageRenderError).key).toBe('documents-reminder');
    expect((thrown as MessageRenderError).language).toBe('kk');
  });

  it('throws MessageRenderError for an id that does not exist', () => {
    expect(() => renderMessage('ru', 'no-such-message' as MessageKey)).toThrow(MessageRenderError);
  });
});

describe('formatDate', () => {
  it('writes 13 May 2026 the way Kazakh and Russian readers expect', () => {
    expect(formatDate('kk', '2026-05-13')).toBe('2026 жылғы 13 мамыр');
    expect(formatDate('kk', '2026-06-02')).toBe('2026 жылғы 2 маусым');
    expect(formatDate('ru', '2026-05-13')).toBe('13 мая 2026 г.');
  });

  it('never shifts a date across midnight, at either end of the year', () => {
    expect(formatDate('ru', '2026-01-01')).toBe('1 января 2026 г.');
    expect(formatDate('ru', '2025-12-31')).toBe('31 декабря 2025 г.');
    expect(formatDate('kk', '2024-02-29')).toBe('2024 жылғы 29 ақпан');
    expect(formatDate('kk', '2025-12-31')).toBe('2025 жылғы 31 желтоқсан');
  });

  it('rejects text that is not a calendar date', () => {
    expect(() => formatDate('kk', '2026-02-30')).toThrow(RangeError);
    expect(() => formatDate('ru', '13.05.2026')).toThrow(RangeError);
  });
});

describe('formatMonth', () => {
  it('writes March 2026 the way Kazakh and Russian readers expect', () => {
    expect(formatMonth('kk', '2026-03')).toBe('2026 жылғы наурыз');
    expect(formatMonth('kk', '2026-12')).toBe('2026 жылғы желтоқсан');
    expect(formatMonth('ru', '2026-03')).toBe('март 2026 г.');
  });

  it('never slips into the next or previous month or year', () => {
    expect(formatMonth('kk', '2026-01')).toBe('2026 жылғы қаңтар');
    expect(formatMonth('kk', '2025-12')).toBe('2025 жылғы желтоқсан');
    expect(formatMonth('ru', '2026-01')).toBe('январь 2026 г.');
    expect(formatMonth('ru', '2025-12')).toBe('декабрь 2025 г.');
  });

  it('rejects text that is not a YYYY-MM month', () => {
    expect(() => formatMonth('kk', '2026-13')).toThrow(RangeError);
    expect(() => formatMonth('ru', '2026-3')).toThrow(RangeError);
    expect(() => formatMonth('ru', '2026-03-01')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  const normalised = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, ' ');

  it.each(LANGUAGES)('writes whole tenge with grouping and no tiyn in %s', (language) => {
    expect(normalised(formatMoney(language, 1_200_000))).toBe('12 000 ₸');
    expect(normalised(formatMoney(language, 150_000_000))).toBe('1 500 000 ₸');
    expect(normalised(formatMoney(language, 0))).toBe('0 ₸');
  });

  it.each(LANGUAGES)('shows tiyn only when there are some, after a comma, in %s', (language) => {
    expect(normalised(formatMoney(language, 425_050))).toBe('4 250,50 ₸');
    expect(normalised(formatMoney(language, 425_000))).toBe('4 250 ₸');
    expect(normalised(formatMoney(language, 5))).toBe('0,05 ₸');
  });

  it('separates groups and the sign with a no-break space (U+00A0), so an amount never wraps', () => {
    expect(formatMoney('kk', 1_200_000)).toBe('12\u00a0000\u00a0₸');
    expect(formatMoney('ru', 1_200_000)).toBe('12\u00a0000\u00a0₸');
  });

  it('rejects money that is not a whole number of tiyn', () => {
    expect(() => formatMoney('kk', 10.5)).toThrow(RangeError);
    expect(() => formatMoney('ru', Number.NaN)).toThrow(RangeError);
  });
});

describe('progressBar', () => {
  it.each([
    [18, 45, 10, '▓▓▓▓░░░░░░'],
    [0, 45, 10, '░░░░░░░░░░'],
    [44, 45, 10, '▓▓▓▓▓▓▓▓▓░'],
    [45, 45, 10, '▓▓▓▓▓▓▓▓▓▓'],
    [60, 45, 10, '▓▓▓▓▓▓▓▓▓▓'],
    [-2, 45, 10, '░░░░░░░░░░'],
    [4, 45, 10, '░░░░░░░░░░'],
    [5, 45, 10, '▓░░░░░░░░░'],
    [35, 45, 10, '▓▓▓▓▓▓▓░░░'],
    [1, 2, 5, '▓▓░░░'],
  ])(
    'shows %i of %i in %i cells as %s, rounding down (full only when the period is over)',
    (elapsed, total, width, bar) => {
      expect(progressBar(elapsed, total, width)).toBe(bar);
    },
  );

  it('is ten cells wide by default', () => {
    expect(progressBar(9, 45)).toBe('▓▓░░░░░░░░');
  });

  it('rejects an empty or impossible period', () => {
    expect(() => progressBar(1, 0)).toThrow(RangeError);
    expect(() => progressBar(Number.NaN, 45)).toThrow(RangeError);
    expect(() => progressBar(1, 45, 0)).toThrow(RangeError);
  });
});
