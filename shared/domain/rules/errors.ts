/** No version of a rule set was in force on the date asked about (a date before the first version). */
export class RuleSetNotFoundError extends Error {
  readonly date: string;

  constructor(date: string) {
    super(`no rule set is in force on ${date}`);
    this.name = 'RuleSetNotFoundError';
    this.date = date;
  }
}
