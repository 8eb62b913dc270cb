import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/lib/csv.js';
import { auditCsv, parseAuditExportArgs } from '../../src/store/audit-export.js';

/** A minimal RFC 4180 reader, to check that what is written reads back as the same fields. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    i += 1;
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && next === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('the audit CSV', () => {
  it('reads back as the same fields whatever the text (RFC 4180 quoting)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (fields) => {
        const line = `${fields.map(csvField).join(',')}\r\n`;
        // A formula-looking field comes back with its defusing quote, every other one as it was.
        const expected = fields.map((f) => (/^[=+\-@\t\r]/.test(f) ? `'${f}` : f));
        expect(readCsv(line)[0]).toEqual(expected);
      }),
    );
  });

  it('defuses spreadsheet formulas: a field starting with = + - @ gets a leading quote', () => {
    for (const f of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tcmd']) {
      const written = readCsv(`${csvField(f)}\r\n`)[0]?.[0];
      expect(written).toBe(`'${f}`);
    }
    expect(csvField(12.5)).toBe('12.5');
  });

  it('writes one row per entry with ISO times, under a header', () => {
    const csv = auditCsv([
      {
        at: Date.UTC(2026, 10, 2, 9),
        user: 'U1',
        action: 'declined',
        jobId: 'j1',
        channel: 'C1',
        cost: 13.11,
        currency: 'USD',
        detail: 'too, "costly"\nnow',
      },
    ]);
    expect(readCsv(csv)).toEqual([
      ['at', 'user', 'action', 'job_id', 'channel', 'cost', 'currency', 'detail'],
      ['2026-11-02T09:00:00.000Z', 'U1', 'declined', 'j1', 'C1', '13.11', 'USD', 'too, "costly"\nnow'],
    ]);
  });

  it('reads `--since 2026-11-01 --format csv` and refuses what it cannot', () => {
    expect(parseAuditExportArgs(['--since', '2026-11-01', '--format', 'csv'])).toEqual({
      sinceMs: Date.UTC(2026, 10, 1),
      format: 'csv',
    });
    expect(parseAuditExportArgs([])).toHaveProperty('problem');
    expect(parseAuditExportArgs(['--since', 'yesterday'])).toHaveProperty('problem');
    expect(parseAuditExportArgs(['--since', '2026-11-01', '--format', 'xlsx'])).toHaveProperty('problem');
  });
});
