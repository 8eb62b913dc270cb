import type { ValidationIssue } from './validation.js';

/** Query-string parsing with FastAPI-style issues (`loc: ['query', name]`). */
export class QueryReader {
  readonly issues: ValidationIssue[] = [];
  constructor(private readonly q: URLSearchParams) {}

  private bad(type: string, name: string, msg: string, input: string): undefined {
    this.issues.push({ type, loc: ['query', name], msg, input });
    return undefined;
  }

  string(name: string): string | undefined {
    const v = this.q.get(name);
    return v === null || v === '' ? undefined : v;
  }

  int(name: string, fallback: number, min: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!/^-?\d+$/.test(v))
      return this.bad('int_parsing', name, 'Input should be a valid integer', v) ?? fallback;
    const n = Number(v);
    if (n < min)
      return (
        this.bad('greater_than_equal', name, `Input should be greater than or equal to ${min}`, v) ?? fallback
      );
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (['true', '1', 'yes', 'on'].includes(v.toLowerCase())) return true;
    if (['false', '0', 'no', 'off'].includes(v.toLowerCase())) return false;
    return this.bad('bool_parsing', name, 'Input should be a valid boolean, unable to interpret input', v);
  }

  dateMs(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(ms))
      return this.bad('datetime_from_date_parsing', name, 'Input should be a valid datetime', v);
    return ms;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if ((values as readonly string[]).includes(v)) return v as T;
    return this.bad('enum', name, `Input should be ${values.map((x) => `'${x}'`).join(', ')}`, v);
  }

  all(name: string): string[] {
    return this.q
      .getAll(name)
      .flatMap((v) => v.split(','))
      .filter((v) => v !== '');
  }
}
