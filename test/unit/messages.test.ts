import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MessageRenderError } from '../../shared/messages/errors';
import {
  DEFAULT_LANGUAGE,
  formatDate,
  formatMoney,
  LANGUAGES,
  type Language,
  progressBar,
} from '../../shared/messages/format';
import { MESSAGE_KEYS, type MessageKey, messageKeys, renderMessage } from '../../shared/messages/render';

type Params = Record<string, string | number>;

/** Realistic parameters for every message, formatted the way callers format them. */
function sampleParams(language: Language): Record<MessageKey, Params> {
  const date = (iso: string) => formatDate(language, iso);
  const money = (tiyn: number) => formatMoney(language, tiyn);
  return {
    'funds-credited': {
      amount: money(150_000_000),
      creditedOn: date('2026-03-02'),
      deadline: date('2026-05-13'),
      workingDays: 45,
    },
    'dkk-arrived': { sessionDate: date('2026-03-10'), stage: 1 },
    'documents-reminder': { deadline: date('2026-05-13'), workingDaysLeft: 12, progress: progressBar(33, 45) },
    'deadline-passed': { deadline: date('2026-05-13'), amount: money(150_000_000) },
    'money-returned': { returnedOn: date('2026-05-20'), amount: money(149_999_950) },
    'paid-to-clinic': { transferredOn: date('2026-04-01'), amount: money(80_000_000), stage: 1, nextStep: 'stage-two' },
    'transfer-overdue': { submittedOn: date('2026-03-20'), transferDue: date('2026-03-27') },
    'coverage-ending': { coveredThrough: date('2026-05-31'), days: 14, monthlyAmount: money(425_000) },
    'coverage-ended': { coveredThrough: date('2026-05-31'), restoreMonths: 3, monthlyAmount: money(425_000) },
    'coverage-restored': { coveredThrough: date('2026-08-31') },
    'forecast-note': {},
  };
}

/** Ids of the messages a .ftl file defines, read from its text (Fluent's parser silently drops broken entries). */
function idsInFile(language: Language): string[] {
  const source = readFileSync(new URL(`../../shared/messages/${language}.ftl`, import.meta.url), 'utf8');
  return [...source.matchAll(/^([a-z][a-z0-9-]*) *=/gm)].map((match) => match[1] as string);
}

const sorted = (keys: readonly string[]) => [...keys].sort();

describe('message ids', () => {
  it.each(LANGUAGES)('%s defines exactly the MessageKey ids, each once', (language) => {
    expect(sorted(messageKeys(language))).toEqual(sorted(MESSAGE_KEYS));
    expect(sorted(idsInFile(language))).toEqual(sorted(MESSAGE_KEYS));
  });

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
      // Every string parameter is a formatted date, amount or bar, except the selector `nextStep`.
      for (const [name, value] of Object.entries(params[key])) {
        if (typeof value === 'string' && name !== 'nextStep') expect(text).toContain(value);
      }
      expect(text).not.toMatch(/[\u2068\u2069]/);
      expect(text).not.toMatch(/[{}$]/);
      expect(text).not.toContain('..');
      expect(text.split('\n').length).toBeLessThanOrEqual(5);
      expect(text.length).toBeLessThan(500);
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
    expect(formatDate('kk', '2026-05-13')).toBe('2026 ж. 13 мамыр');
    expect(formatDate('ru', '2026-05-13')).toBe('13 мая 2026 г.');
  });

  it('never shifts a date across midnight, at either end of the year', () => {
    expect(formatDate('ru', '2026-01-01')).toBe('1 января 2026 г.');
    expect(formatDate('ru', '2025-12-31')).toBe('31 декабря 2025 г.');
    expect(formatDate('kk', '2024-02-29')).toBe('2024 ж. 29 ақпан');
  });

  it('rejects text that is not a calendar date', () => {
    expect(() => formatDate('kk', '2026-02-30')).toThrow(RangeError);
    expect(() => formatDate('ru', '13.05.2026')).toThrow(RangeError);
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
    [18, 45, 10, '▓▓▓▓░░░░░░ 18/45'],
    [0, 45, 10, '░░░░░░░░░░ 0/45'],
    [45, 45, 10, '▓▓▓▓▓▓▓▓▓▓ 45/45'],
    [60, 45, 10, '▓▓▓▓▓▓▓▓▓▓ 45/45'],
    [-2, 45, 10, '░░░░░░░░░░ 0/45'],
    [2, 45, 10, '░░░░░░░░░░ 2/45'],
    [3, 45, 10, '▓░░░░░░░░░ 3/45'],
    [1, 2, 5, '▓▓▓░░ 1/2'],
    [1, 3, 5, '▓▓░░░ 1/3'],
  ])('shows %i of %i in %i cells as %s', (elapsed, total, width, bar) => {
    expect(progressBar(elapsed, total, width)).toBe(bar);
  });

  it('is ten cells wide by default', () => {
    expect(progressBar(9, 45)).toBe('▓▓░░░░░░░░ 9/45');
  });

  it('rejects an empty or impossible period', () => {
    expect(() => progressBar(1, 0)).toThrow(RangeError);
    expect(() => progressBar(Number.NaN, 45)).toThrow(RangeError);
    expect(() => progressBar(1, 45, 0)).toThrow(RangeError);
  });
});
