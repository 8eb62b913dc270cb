/**
 * One CSV field per RFC 4180 (quoted when it holds a comma, a quote, CR or LF; quotes doubled), and
 * safe to open in a spreadsheet: a field starting with `=`, `+`, `-`, `@`, a tab or CR would be
 * read as a formula, so it gets a leading `'` (the OWASP "CSV injection" advice).
 */
export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows joined with CRLF, as RFC 4180 says, ending with one. */
export function csvRows(rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
