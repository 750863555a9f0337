import { describe, expect, it } from 'vitest';
import { caseText } from '../../functions/bot/screens';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { rejected, transferRequested } from '../helpers/case-events';
import { application, at, credited, dkk, documents, returned, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();

function caseAt(local: string, ...events: UpstreamEvent[]) {
  const status = derive({ events, at: at(local), calendar }).cases.get('OB-1');
  if (!status) throw new Error('no case OB-1');
  return status;
}

const base = [application({ submittedOn: '2026-03-02' }), credited({ creditedOn: '2026-03-20' })];
const lines = (text: string) => text.split('\n');

describe('/case: the deadline day and after (issue 13 item 13)', () => {
  it('says "today is the last day" on the deadline day, never "0 working days left"', () => {
    const status = caseAt('2026-06-02T10:00', ...base);
    expect(lines(caseText('kk', status))[2]).toBe(
      'Бүгін — құжаттарды жүктеудің соңғы күні: 2026 жылғы 2 маусым. Күн аяқталғанша үлгеріңіз: кейін жүктелген құжаттар есепке алынбайды.',
    );
    expect(lines(caseText('ru', status))[2]).toBe(
      'Сегодня, 2 июня 2026 г., — последний день загрузки документов. Успейте до конца дня: документы, загруженные позже, не засчитываются.',
    );
    expect(caseText('kk', status)).not.toContain('жұмыс күні қалды');
    expect(caseText('ru', status)).not.toMatch(/Осталось|Остался/);
  });

  it('says the deadline passed on that day once it is over, with no countdown beside it', () => {
    for (const local of ['2026-06-03T09:00', '2026-06-10T12:00']) {
      const status = caseAt(local, ...base);
      expect(lines(caseText('kk', status)).slice(2, 5)).toEqual([
        'Құжаттарды жүктеу мерзімі өтіп кетті. Соңғы күн: 2026 жылғы 2 маусым.',
        'Кейін жүктелген құжаттар есепке алынбайды, ақша БЖЗҚ-ға қайтарылады.',
        'Құжаттарды мерзімінде жүктеген болсаңыз, уәкілетті операторға (Отбасы банк) хабарласыңыз: otbasybank.kz.',
      ]);
      expect(lines(caseText('ru', status)).slice(2, 5)).toEqual([
        'Срок загрузки документов истёк. Последний день был 2 июня 2026 г.',
        'Документы, загруженные позже, не засчитываются, и деньги вернутся в ЕНПФ.',
        'Если вы загрузили документы в срок, обратитесь к уполномоченному оператору (Отбасы банк), otbasybank.kz.',
      ]);
      expect(caseText('ru', status)).not.toMatch(/Осталось|Прошло|включительно/);
    }
  });

  it('shows only "being checked" for a case under review, whatever its deadline', () => {
    const credit = credited({ creditedOn: '2026-03-20' }, { eventId: 'credit-1', source: 'enpf.payments' });
    const resent = { ...credit, data: { ...credit.data, amountTiyn: 1 } };
    const status = caseAt('2026-06-02T10:00', application({ submittedOn: '2026-03-02' }), credit, resent);
    expect(lines(caseText('ru', status)).slice(2)).toEqual([
      'Сведения по этому заявлению сейчас уточняются, поэтому сроки пока не показываем.',
      'Если есть вопросы, обратитесь к уполномоченному оператору (Отбасы банк), otbasybank.kz.',
    ]);
    expect(lines(caseText('kk', status)).slice(2)).toEqual([
      'Бұл өтініш бойынша мәліметтер қазір нақтыланып жатыр, сондықтан мерзімдерді әзірге көрсетпейміз.',
      'Сұрақтарыңыз болса, уәкілетті операторға (Отбасы банк) хабарласыңыз: otbasybank.kz.',
    ]);
  });
});

describe('/case: what happened and what to hand in (issue 13 items 7–11)', () => {
  it('tells why documents were rejected and lists exactly what to upload again', () => {
    const rejection = rejected(
      { rejectedOn: '2026-04-20', reasonCode: 'translation_missing' },
      { occurredAt: '2026-04-20T10:00:00+05:00' },
    );
    const status = caseAt('2026-04-21T10:00', ...base, dkk(), documents({ submittedOn: '2026-04-15' }), rejection);
    // After the header (2 lines), the countdown (2 lines) and how working days are counted (1 line).
    expect(lines(caseText('ru', status)).slice(5)).toEqual([
      'Уполномоченный оператор не принял документы. Дата: 20 апреля 2026 г.',
      'Причина: к договору на иностранном языке нужен нотариально заверенный перевод.',
      'Следующий шаг: исправьте документы и загрузите их снова в личный кабинет уполномоченного оператора (Отбасы банк).',
      'Что загрузить заново в личный кабинет уполномоченного оператора (Отбасы банк), otbasybank.kz:',
      '• заключение ВКК (форма 026/у)',
      '• договор с медицинской организацией или счёт на оплату: в договоре — вид услуги, ФИО и дата рождения пациента, диагноз из заключения ВКК',
      '• нотариально заверенный перевод договора, если он на иностранном языке',
      'Вопросы по делу: уполномоченный оператор (Отбасы банк), otbasybank.kz; о пенсионных деньгах — ЕНПФ, enpf.kz.',
    ]);
    expect(lines(caseText('kk', status)).slice(5, 7)).toEqual([
      'Уәкілетті оператор құжаттарды қабылдамады. Күні: 2026 жылғы 20 сәуір.',
      'Себебі: шет тіліндегі шартқа нотариалды куәландырылған аударма қажет.',
    ]);
  });

  it('shows the clinic payment and the remainder returned, not "money returned"', () => {
    const events = [
      ...base,
      dkk(),
      documents({ submittedOn: '2026-04-15' }),
      transfer({ transferredOn: '2026-04-20', amountTiyn: 240_000_000 }),
      returned({ returnedOn: '2026-04-27', amountTiyn: 10_000_000, kind: 'remainder', exchangeDifferenceTiyn: 50_000 }),
    ];
    const ru = lines(caseText('ru', caseAt('2026-04-28T10:00', ...events)));
    expect(ru[0]).toBe('📄 Заявление № OB-1: оплачено в медицинскую организацию.');
    expect(ru.slice(2, 4).map((line) => line.replace(/\u00a0/g, ' '))).toEqual([
      'Медицинской организации оплачено 2 400 000 ₸. Неиспользованный остаток 100 000 ₸ возвращён в ЕНПФ 27 апреля 2026 г.',
      'Курсовая разница при возврате: 500 ₸',
    ]);
    const kk = lines(caseText('kk', caseAt('2026-04-28T10:00', ...events)));
    expect(kk[2]?.replace(/\u00a0/g, ' ')).toBe(
      'Медициналық ұйымға 2 400 000 ₸ төленді. Пайдаланылмаған қалдық 100 000 ₸ БЖЗҚ-ға қайтарылды. Күні: 2026 жылғы 27 сәуір.',
    );
    expect(kk.join('\n')).not.toContain('ақша БЖЗҚ-ға қайтарылды.');
  });

  it('asks to sign the conversion application in the cabinet before a transfer abroad', () => {
    const abroad = [...base, dkk(), documents({ submittedOn: '2026-04-15', transferKind: 'conversion' })];
    expect(lines(caseText('kk', caseAt('2026-04-16T10:00', ...abroad))).slice(2, 5)).toEqual([
      'Келесі қадам: уәкілетті оператордың (Отбасы банк) жеке кабинетінде айырбастауға немесе халықаралық аударымға өтінішке ЭЦҚ-мен қол қойыңыз: төлем одан кейін 3 жұмыс күні ішінде жүргізіледі.',
      'Уәкілетті оператордың (Отбасы банк, otbasybank.kz) жеке кабинетінде қол қоятын құжат:',
      '• айырбастауға немесе халықаралық аударымға ЭЦҚ-мен қол қойылған өтініш',
    ]);
    const signed = transferRequested({ signedOn: '2026-04-16', transferKind: 'conversion' });
    expect(caseText('ru', caseAt('2026-04-16T12:00', ...abroad, signed))).toContain(
      'Уполномоченный оператор (Отбасы банк) должен перевести деньги в медицинскую организацию не позднее 21 апреля 2026 г.',
    );
  });

  it('says the money came again and counts the new window', () => {
    const events = [
      ...base,
      returned({ returnedOn: '2026-06-05' }),
      credited({ creditedOn: '2026-07-01' }, { occurredAt: '2026-07-01T12:00:00+05:00' }),
    ];
    const ru = caseText('ru', caseAt('2026-07-02T10:00', ...events));
    expect(ru).toContain(
      '1 июля 2026 г. деньги снова поступили на специальный счёт, и срок загрузки документов отсчитывается заново.',
    );
    expect(ru).toContain('Осталось 44 рабочих дня — загрузите документы до 3 сентября 2026 г. включительно.');
    expect(ru).toContain('░░░░░░░░░░ Прошло рабочих дней: 1 из 45');
  });
});

describe('/case: the countdown and the calendar forecast (issue 14 items 4 and 8)', () => {
  it('labels the bar "N of 45 working days", rounds it down and explains how days are counted', () => {
    const kk = lines(caseText('kk', caseAt('2026-05-20T10:00', ...base), calendar));
    expect(kk.slice(2, 5)).toEqual([
      'Құжаттарды жүктеуге 8 жұмыс күні қалды. Соңғы күн: 2026 жылғы 2 маусым (осы күн де есептеледі).',
      '▓▓▓▓▓▓▓▓░░ Өткен жұмыс күндері: 37 / 45',
      'Мерзім жұмыс күндерімен есептеледі: демалыс және мереке күндері есептелмейді, санау ақша арнайы шотқа түскен күннің келесі күнінен басталады.',
    ]);
    const dayBefore = caseText('ru', caseAt('2026-06-01T10:00', ...base), calendar);
    expect(dayBefore).toContain('Остался 1 рабочий день — загрузите документы до 2 июня 2026 г. включительно.');
    expect(dayBefore).toContain('▓▓▓▓▓▓▓▓▓░ Прошло рабочих дней: 44 из 45');
  });

  it('warns that dates in a year with only the legal calendar may move, and only then', () => {
    const late = [application({ submittedOn: '2026-11-02' }), credited({ creditedOn: '2026-11-20' })];
    const status = caseAt('2026-11-23T10:00', ...late);
    expect(status.documentsDeadline?.startsWith('2027')).toBe(true);
    expect(caseText('ru', status, calendar)).toContain(
      'Даты после 2026 года могут сдвинуться, когда Министерство труда опубликует приказ о переносе выходных на тот год.',
    );
    expect(caseText('kk', status, calendar)).toContain('2026 жылдан кейінгі күндер');
    expect(caseText('ru', caseAt('2026-05-20T10:00', ...base), calendar)).not.toContain('могут сдвинуться');
  });
});
