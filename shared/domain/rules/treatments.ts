/**
 * Kinds of treatment a pension payment may be used for (our codes for the lines of appendix 1 to the rules ҚР ДСМ-18;
 * the operator's event carries one of them). Which are allowed when is rule data in `pension-rules.ts`.
 */
export const TREATMENTS = [
  'dental_implantation',
  'dental_prosthetics',
  'ophthalmology',
  'joint_replacement',
  'cardiac_surgery',
  'oncology',
  'ivf',
  'other_listed_service',
] as const;

export type Treatment = (typeof TREATMENTS)[number];
