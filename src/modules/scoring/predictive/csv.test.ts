import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDelimiter, loadCsvTable } from './csv.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('detectDelimiter', () => {
  it('picks the most frequent of , ; and tab outside quotes', () => {
    expect(detectDelimiter('"age";"job";"y"')).toBe(';');
    expect(detectDelimiter('age,job,"a;b;c;d"')).toBe(',');
    expect(detectDelimiter('age\tjob\ty')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });
});

describe('loadCsvTable', () => {
  const semicolons = '"age";"job";"y"\n56;"housemaid";"no"\n41;"blue-collar";"yes"\n';

  it('reads ;-separated files with quoted fields', async () => {
    const table = await loadCsvTable(file('bank.csv', semicolons));
    expect(table.rowCount).toBe(2);
    expect(table.columns.get('job')).toEqual(['housemaid', 'blue-collar']);
    expect(table.columns.get('age')).toEqual(['56', '41']);
  });

  it('reads ,-separated files with a BOM, quoted commas and CRLF', async () => {
    const table = await loadCsvTable(file('crm.csv', '\uFEFFname,city,won\r\n"Doe, Jane",Tehran,1\r\n"Roe",,0\r\n'));
    expect([...table.columns.keys()]).toEqual(['name', 'city', 'won']);
    expect(table.columns.get('name')).toEqual(['Doe, Jane', 'Roe']);
    expect(table.columns.get('city')).toEqual(['Tehran', '']);
  });

  it("follows Excel's sep= line before the header", async () => {
    const table = await loadCsvTable(
      file('excel.csv', '\uFEFFsep=;\r\nname;amount;won\r\nJane;1,5;yes\r\nRoe;2;no\r\n'),
    );
    expect([...table.columns.keys()]).toEqual(['name', 'amount', 'won']);
    expect(table.columns.get('amount')).toEqual(['1,5', '2']);
    await expect(loadCsvTable(file('excel-short.csv', 'sep=,\na,b\n1,2\n3\n'))).rejects.toThrow(
      /excel-short\.csv: line 4 has 1 fields; the header has 2/,
    );
  });

  it('gunzips .gz files transparently', async () => {
    const table = await loadCsvTable(file('bank.csv.gz', gzipSync(semicolons)));
    expect(table.columns.get('y')).toEqual(['no', 'yes']);
  });

  it('names the problem: missing file, duplicate column, ragged row', async () => {
    await expect(loadCsvTable(join(dir, 'absent.csv'))).rejects.toThrow(/CSV file not found: .*absent\.csv/);
    await expect(loadCsvTable(file('dup.csv', 'a,b,a\n1,2,3\n'))).rejects.toThrow(/column "a" twice/);
    await expect(loadCsvTable(file('ragged.csv', 'a,b\n1,2\n3,4,5\n'))).rejects.toThrow(
      /ragged\.csv: line 3 has 3 fields; the header has 2/,
    );
    // A line break in an unquoted cell splits a row in two short ones.
    await expect(loadCsvTable(file('split.csv', 'a,b,c\n1,hello\nworld,3\n4,5,6\n'))).rejects.toThrow(
      /split\.csv: line 2 has 2 fields; the header has 3/,
    );
  });

  it('names unnamed columns by position and reads trailing delimiters', async () => {
    const table = await loadCsvTable(file('pandas.csv', ',age,won,\n0,31,yes\n1,44,\n2,52,no,\n'));
    expect([...table.columns.keys()]).toEqual(['(column 1)', 'age', 'won']);
    expect(table.rowCount).toBe(3);
    expect(table.columns.get('won')).toEqual(['yes', '', 'no']);
    expect(table.columns.get('age')).toEqual(['31', '44', '52']);
  });
});
