/**
 * CSV import benchmark: a generated file of N contacts (1,000,000 by default) imported by a child process
 * into a fresh SQLite database through the CLI's own code path (`importContactsCommand`, the function behind
 * `tandem import contacts`). Reports rows per second and the child's peak resident memory. See
 * docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import {
  EMAIL_PROVIDERS,
  ENGLISH_COMPANY_CORES,
  ENGLISH_COMPANY_SUFFIXES,
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  INDUSTRIES,
  IR_MOBILE_PREFIXES,
  JOB_TITLES,
  PERSIAN_COMPANY_CORES,
  PERSIAN_COMPANY_PREFIXES,
  PERSIAN_FIRST_NAMES,
  PERSIAN_LAST_NAMES,
  SOURCES,
  US_AREA_CODES,
  type Named,
} from './names.js';
import { BenchFailure } from './load.js';
import { Random, ZipfPicker } from './random.js';

/** The bars: at least this many rows per second, with peak memory under this many MB. */
export const IMPORT_ROWS_PER_S_BAR = 20_000;
export const IMPORT_PEAK_RSS_MB_BAR = 300;

export const IMPORT_HEADER = [
  'نام',
  'نام خانوادگی',
  'ایمیل',
  'موبایل',
  'Job Title',
  'Seniority',
  'شرکت',
  'Website',
  'Industry',
  'Source',
];

const SENIORITY_LABELS = ['Entry', 'Senior', 'Manager', 'Director', 'VP', 'C-Level', 'Owner', 'مدیر', 'کارشناس'];

export interface CsvStats {
  rows: number;
  bytes: number;
  ms: number;
}

function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toPersianDigits(s: string): string {
  return s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
}

function toArabicDigits(s: string): string {
  return s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

/** Mobiles as people type them: local and international forms, Persian and Arabic-Indic digits. */
function phone(random: Random, persian: boolean): string {
  if (!random.chance(0.85)) return '';
  if (!persian) return `+1 (${random.pick(US_AREA_CODES)}) ${random.int(2, 9)}${random.digits(2)}-${random.digits(4)}`;
  const local = `0${random.pick(IR_MOBILE_PREFIXES)}${random.digits(7)}`;
  switch (random.int(0, 4)) {
    case 0:
      return `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`;
    case 1:
      return `+98 ${local.slice(1)}`;
    case 2:
      return toPersianDigits(local);
    case 3:
      return toArabicDigits(local);
    default:
      return local;
  }
}

/**
 * Writes a contacts CSV of `rows` rows to `path` by streaming (the file is never held in memory): 65%
 * Persian names, mixed phone forms and digits, companies on a Zipf curve (one per 20 contacts), about 0.2%
 * of rows with a broken email (rejected) and the phone collisions random numbers bring (in-file duplicates).
 */
export async function writeImportCsv(path: string, rows: number, seed: number): Promise<CsvStats> {
  const started = performance.now();
  const random = new Random(seed);
  const companies: { name: string; domain: string; industry: string }[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(rows / 20)); i++) {
    if (random.chance(0.6)) {
      const prefix = random.pick(PERSIAN_COMPANY_PREFIXES);
      const core = random.pick(PERSIAN_COMPANY_CORES);
      companies.push({
        name: `${prefix[0]} ${core[0]} ${i}`,
        domain: `${core[1]}-${prefix[1]}-${i}.ir`,
        industry: random.pick(INDUSTRIES),
      });
    } else {
      const core = random.pick(ENGLISH_COMPANY_CORES);
      const suffix = random.pick(ENGLISH_COMPANY_SUFFIXES);
      companies.push({
        name: `${core} ${suffix} ${i}`,
        domain: `${core}-${suffix}-${i}.com`.toLowerCase().replace(/\s+/g, '-'),
        industry: random.pick(INDUSTRIES),
      });
    }
  }
  const companyPicker = new ZipfPicker(companies, 0.5);
  const persianLast = new ZipfPicker<Named>(PERSIAN_LAST_NAMES, 0.6);
  const englishLast = new ZipfPicker(ENGLISH_LAST_NAMES, 0.6);

  const out = createWriteStream(path);
  let buffer = '\uFEFF' + IMPORT_HEADER.map(cell).join(',') + '\n';
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  for (let i = 0; i < rows; i++) {
    const persian = random.chance(0.65);
    const first = persian ? random.pick(PERSIAN_FIRST_NAMES) : ([random.pick(ENGLISH_FIRST_NAMES), ''] as const);
    const last = persian ? persianLast.pick(random) : ([englishLast.pick(random), ''] as const);
    const latinFirst = first[1] || first[0].toLowerCase().replace(/[^a-z]/g, '');
    const latinLast = last[1] || last[0].toLowerCase().replace(/[^a-z]/g, '');
    const company = random.chance(0.8) ? companyPicker.pick(random) : null;
    const domain = company && random.chance(0.6) ? company.domain : random.pick(EMAIL_PROVIDERS);
    let email = random.chance(0.9) ? `${latinFirst}.${latinLast}.${i.toString(36)}@${domain}` : '';
    if (random.chance(0.002)) email = `${latinFirst}.${latinLast}.at.${domain}`;
    buffer +=
      [
        first[0],
        last[0],
        email,
        phone(random, persian),
        random.chance(0.85) ? random.pick(JOB_TITLES) : '',
        random.chance(0.6) ? random.pick(SENIORITY_LABELS) : '',
        company?.name ?? '',
        company && random.chance(0.5) ? `https://www.${company.domain}/` : '',
        company?.industry ?? '',
        random.chance(0.7) ? random.pick(SOURCES) : '',
      ]
        .map(cell)
        .join(',') + '\n';
    if (buffer.length > 256 * 1024) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { rows, bytes: statSync(path).size, ms: performance.now() - started };
}

export interface ImportRunResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  created: number;
  skipped: number;
  rejected: number;
  accountsCreated: number;
  status: string;
  fileBytes: number;
}

/** A fresh SQLite database under `dataDir`, whatever database the caller's environment names. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'bench-import-secret-not-used-for-anything',
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_SCHEMA;
  return env;
}

const REPO = join(import.meta.dirname, '..');
const COMPILED = join(REPO, 'bench', '.out', 'import');

/**
 * The server's sources and the child as plain JavaScript (each file transpiled on its own, as `tsc` would
 * emit it; no type check), under bench/.out/import. The CLI runs compiled code in production
 * (bin/tandem.js prefers dist/), and tsx's loader threads would add about 70 MB to the measured memory.
 */
export function compileForBench(): string {
  rmSync(COMPILED, { recursive: true, force: true });
  const files: string[] = [join(REPO, 'bench', 'import.child.ts')];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(path);
      }
    }
  };
  walk(join(REPO, 'src'));
  for (const file of files) {
    const out = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        target: ts.ScriptTarget.ES2023,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
        esModuleInterop: true,
      },
    });
    const target = join(COMPILED, relative(REPO, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
  }
  return join(COMPILED, 'bench', 'import.child.js');
}

/**
 * Generates the file and imports it in a child process (bench/import.child.ts) into a fresh SQLite database
 * under a temp directory; everything is removed afterwards. The child's peak RSS is
 * process.resourceUsage().maxRSS, read by the child itself after the import.
 */
export async function measureImport(options: {
  rows: number;
  seed: number;
  log: (message: string) => void;
  /** `compiled` (default): the child runs transpiled JavaScript; `tsx`: the TypeScript sources through tsx. */
  runner?: 'compiled' | 'tsx';
}): Promise<ImportRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-import-'));
  try {
    const file = join(dir, 'contacts.csv');
    options.log(`import: writing a ${options.rows}-row CSV...`);
    const csv = await writeImportCsv(file, options.rows, options.seed);
    options.log(
      `import: ${(csv.bytes / 1024 / 1024).toFixed(1)} MiB written in ${(csv.ms / 1000).toFixed(1)} s; importing in a child process...`,
    );
    const args =
      options.runner === 'tsx'
        ? ['--import', 'tsx', join(import.meta.dirname, 'import.child.ts'), file]
        : [compileForBench(), file];
    const child = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        args,
        {
          env: childEnv(join(dir, 'data')),
          maxBuffer: 16 * 1024 * 1024,
          timeout: 60 * 60_000,
        },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`import child failed: ${err.message}\n${stderr}`));
          else resolve(stdout);
        },
      );
    });
    const line = child
      .trim()
      .split('\n')
      .findLast((l) => l.startsWith('{'));
    if (!line) throw new Error(`import child printed no result: ${child}`);
    const r = JSON.parse(line) as Omit<ImportRunResult, 'rowsPerSecond'> & { error: string | null };
    // A benchmark of an import that stopped, or skipped rows it should have read, measures nothing.
    if (r.status !== 'completed' || r.rows !== options.rows) {
      throw new BenchFailure(`the import ${r.status} after ${r.rows} of ${options.rows} rows: ${r.error ?? ''}`);
    }
    return { ...r, rowsPerSecond: r.rows / r.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
