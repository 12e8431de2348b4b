import { describe, expect, it } from 'vitest';
import { prepareDataset, resolvePositiveValue } from './dataset.js';
import { tableFromRows } from './table.js';

describe('resolvePositiveValue', () => {
  it('recognises the usual "converted" values', () => {
    expect(resolvePositiveValue('y', ['no', 'yes', 'no'])).toBe('yes');
    expect(resolvePositiveValue('won', ['0', '1'])).toBe('1');
    expect(resolvePositiveValue('stage', ['Lost', 'Won', 'Open'])).toBe('Won');
    expect(resolvePositiveValue('flag', [true, false])).toBe('true');
    expect(resolvePositiveValue('paid', ['f', 't'])).toBe('t');
    expect(resolvePositiveValue('converted', ['0.0', '1.0', '0.0'])).toBe('1.0');
    expect(resolvePositiveValue('converted', ['۰', '۱'])).toBe('۱');
  });

  it('takes --positive case-insensitively and refuses values that do not occur', () => {
    expect(resolvePositiveValue('stage', ['lost', 'signed'], 'SIGNED')).toBe('signed');
    expect(() => resolvePositiveValue('stage', ['lost', 'signed'], 'won')).toThrow(
      /--positive "won" does not occur in column "stage"/,
    );
  });

  it('takes --positive as a number for a column of numbers, however either is spelled', () => {
    expect(resolvePositiveValue('won', ['0', '1', '0'], '1.0')).toBe('1');
    expect(resolvePositiveValue('won', ['0', '1'], '۱')).toBe('1');
    expect(resolvePositiveValue('won', ['۰', '۱'], '1')).toBe('۱');
    expect(() => resolvePositiveValue('won', ['0', '1'], '2')).toThrow(/--positive "2" does not occur/);
  });

  it('asks for --positive when it cannot tell, and refuses a single class', () => {
    expect(() => resolvePositiveValue('tier', ['gold', 'silver'])).toThrow(/Cannot tell .*"tier".*pass --positive/);
    expect(() => resolvePositiveValue('y', ['no', 'no', ''])).toThrow(/"y" has one class only/);
  });
});

describe('prepareDataset', () => {
  const table = tableFromRows([
    { id: 1, age: 30, duration: 200, y: 'yes' },
    { id: 2, age: 40, duration: 100, y: 'no' },
    { id: 3, age: 50, duration: 300, y: '' },
  ]);

  it('separates features from 0/1 labels, leaving out dropped columns and rows without an outcome', () => {
    const dataset = prepareDataset(table, { target: 'y', drop: ['duration'] });
    expect([...dataset.features.columns.keys()]).toEqual(['id', 'age']);
    expect(Array.from(dataset.labels)).toEqual([1, 0]);
    expect(dataset.features.columns.get('age')).toEqual([30, 40]);
    expect(dataset).toMatchObject({ positiveValue: 'yes', positives: 1, rowsWithoutOutcome: 1 });
  });

  it('compares a target of numbers as numbers, however each row spells them', () => {
    const mixed = tableFromRows(['0', '1', '1.0', '0.0', '۱', '', '1'].map((y, i) => ({ a: i, y })));
    const dataset = prepareDataset(mixed, { target: 'y' });
    expect(Array.from(dataset.labels)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(dataset.positiveValue).toBe('1');
    const coded = tableFromRows(['1', '2', '2.0', '1'].map((y, i) => ({ a: i, y })));
    expect(Array.from(prepareDataset(coded, { target: 'y', positive: '2' }).labels)).toEqual([0, 1, 1, 0]);
  });

  it('finds a target or dropped column whose name differs only in case', () => {
    const dataset = prepareDataset(table, { target: 'Y', drop: ['DURATION', 'Id'] });
    expect([...dataset.features.columns.keys()]).toEqual(['age']);
    expect(dataset.target).toBe('y');
    const twoCases = tableFromRows([
      { Y: 'yes', y: 'no', a: 1 },
      { Y: 'no', y: 'yes', a: 2 },
    ]);
    expect(prepareDataset(twoCases, { target: 'y', drop: ['Y'] }).positives).toBe(1);
    expect(prepareDataset(twoCases, { target: ' A ', positive: '2' }).target).toBe('a');
  });

  it('names an unknown target or dropped column', () => {
    expect(() => prepareDataset(table, { target: 'converted' })).toThrow(
      /No target column "converted". Columns: id, age, duration, y/,
    );
    expect(() => prepareDataset(table, { target: 'y', drop: ['duration', 'nope'] })).toThrow(
      /Cannot drop unknown column "nope"/,
    );
  });

  it('refuses a target whose rows all have one outcome', () => {
    expect(() => prepareDataset(table, { target: 'y', positive: 'maybe' })).toThrow(/does not occur/);
    const oneClass = tableFromRows([
      { a: 1, y: 'yes' },
      { a: 2, y: 'yes' },
    ]);
    expect(() => prepareDataset(oneClass, { target: 'y' })).toThrow(/one class only/);
  });

  it('says so when no column is left to learn from', () => {
    expect(() => prepareDataset(table, { target: 'y', drop: ['id', 'age', 'duration'] })).toThrow(
      /^No feature columns left: --drop removes id, age, duration and "y" is the target\.$/,
    );
    const targetOnly = tableFromRows([{ y: 'yes' }, { y: 'no' }]);
    expect(() => prepareDataset(targetOnly, { target: 'y' })).toThrow(
      /^No feature columns: the file has only the target column "y"\.$/,
    );
  });
});
