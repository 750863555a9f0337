import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { documentsToHandIn, nextStep } from '../../shared/domain/case-guidance';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import type { Treatment } from '../../shared/domain/rules/treatments';
import { rejected } from '../helpers/case-events';
import { application, at, credited, dkk, documents, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();

function caseAt(local: string, ...events: UpstreamEvent[]) {
  const status = derive({ events, at: at(local), calendar }).cases.get('OB-1');
  if (!status) throw new Error('no case OB-1');
  return status;
}

/** A case credited on 2025-06-02 (order No. 33: dental still listed) for a treatment. */
const creditedFor = (treatment: Treatment) => [
  application({ treatment, submittedOn: '2025-05-20' }),
  credited({ creditedOn: '2025-06-02' }),
];
const conclusion = dkk({ sessionDate: '2025-06-10', enteredAt: '2025-06-10T15:00:00+05:00' });

describe('what to hand in, per treatment and stage (seed 000 §9, §20, §22, §22-1)', () => {
  it('asks for the ID copy and the specialist conclusion to get the ДКК conclusion (§9)', () => {
    const status = caseAt('2025-06-03T12:00', ...creditedFor('joint_replacement'));
    expect(nextStep(status)).toBe('get-dkk');
    expect(documentsToHandIn(status)).toEqual(['id_copy', 'specialist_conclusion']);
  });

  it('adds the examination plan, X-ray and clinic licence for dental treatment (§22-1)', () => {
    for (const treatment of ['dental_implantation', 'dental_prosthetics'] as const) {
      expect(documentsToHandIn(caseAt('2025-06-03T12:00', ...creditedFor(treatment)))).toEqual([
        'id_copy',
        'specialist_conclusion',
        'dental_examination_plan',
        'dental_xray',
        'dental_clinic_license',
      ]);
    }
  });

  it('asks for the ДКК conclusion, the contract naming service, patient and diagnosis, and a translation (§22)', () => {
    const status = caseAt('2025-06-11T12:00', ...creditedFor('oncology'), conclusion);
    expect(nextStep(status)).toBe('upload-documents');
    expect(documentsToHandIn(status)).toEqual(['dkk_conclusion', 'services_contract', 'notarised_translation']);
  });

  it('adds the two-stage treatment plan to an implant contract (§20)', () => {
    const status = caseAt('2025-06-11T12:00', ...creditedFor('dental_implantation'), conclusion);
    expect(documentsToHandIn(status)).toEqual([
      'dkk_conclusion',
      'services_contract',
      'dental_treatment_plan',
      'notarised_translation',
    ]);
  });

  it('asks for the stage-2 X-ray or photo and the second conclusion once stage 1 is paid (§22-1)', () => {
    const stage1Paid = [
      conclusion,
      documents({ submittedOn: '2025-06-20' }),
      transfer({ transferredOn: '2025-06-24' }),
    ];
    const implant = caseAt('2025-06-25T12:00', ...creditedFor('dental_implantation'), ...stage1Paid);
    expect(nextStep(implant)).toBe('stage-two');
    expect(documentsToHandIn(implant)).toEqual(['implant_xray', 'dkk_conclusion']);
    const prosthesis = caseAt('2025-06-25T12:00', ...creditedFor('dental_prosthetics'), ...stage1Paid);
    expect(documentsToHandIn(prosthesis)).toEqual(['prosthesis_xray_or_photo', 'dkk_conclusion']);
  });

  it('asks for the documents again after a rejection, and for the signed application for a transfer abroad', () => {
    const rejection = rejected({ rejectedOn: '2025-06-23', reasonCode: 'translation_missing' });
    const fix = caseAt(
      '2025-06-24T12:00',
      ...creditedFor('oncology'),
      conclusion,
      documents({ submittedOn: '2025-06-20' }),
      rejection,
    );
    expect(nextStep(fix)).toBe('fix-documents');
    expect(documentsToHandIn(fix)).toContain('notarised_translation');
    const abroad = documents({ submittedOn: '2025-06-20', transferKind: 'international' });
    const sign = caseAt('2025-06-21T12:00', ...creditedFor('oncology'), conclusion, abroad);
    expect(documentsToHandIn(sign)).toEqual(['conversion_application']);
  });

  it('asks for nothing while the clinic payment is awaited, after payment, or once the deadline passed', () => {
    const submitted = caseAt(
      '2025-06-21T12:00',
      ...creditedFor('oncology'),
      conclusion,
      documents({ submittedOn: '2025-06-20' }),
    );
    expect(nextStep(submitted)).toBe('wait-for-payment');
    expect(documentsToHandIn(submitted)).toEqual([]);
    const passed = caseAt('2025-09-01T12:00', ...creditedFor('oncology'));
    expect(nextStep(passed)).toBe('contact-operator');
    expect(documentsToHandIn(passed)).toEqual([]);
  });
});
