/**
 * A small RFC 4180 CSV reader: quoted fields with doubled quotes and embedded separators or line
 * breaks, CRLF / LF / CR line ends, an optional UTF-8 BOM. Every value stays a string (so ID
 * numbers keep all 18 digits). Records are numbered from 1, as a spreadsheet shows them.
 */
export interface CsvRecord {
  /** The record's number as Excel shows it when opening the file (header = 1). */
  number: number;
  cells: string[];
}

export class CsvError extends Error {}

export function parseCsv(text: string, opts: { maxRecords?: number } = {}): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = detectSeparator(src);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let i = 0;
  const pushField = () => {
    cells.push(field);
    field = '';
    fieldStarted = false;
  };
  const pushRecord = () => {
    pushField();
    records.push({ number: records.length + 1, cells });
    cells = [];
    if (opts.maxRecords && records.length > opts.maxRecords) throw new CsvError('too many records');
  };
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted && field === '') {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === sep) {
      pushField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      pushRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvError('unterminated quoted field');
  if (field !== '' || cells.length > 0) pushRecord();
  return records;
}

/** Comma, unless the first line clearly uses semicolons or tabs (some locales' Excel). */
function detectSeparator(src: string): string {
  const firstLine = src.slice(0, Math.max(0, src.search(/\r|\n/)) || src.length);
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const comma = count(',');
  if (count('\t') > comma) return '\t';
  if (count(';') > comma) return ';';
  return ',';
}
