/** A template that does not parse, or uses something outside the supported subset. */
export class TemplateError extends Error {
  constructor(template: string, line: number, message: string) {
    super(`${template}:${line}: ${message}`);
    this.name = 'TemplateError';
  }
}
