import { describe, expect, it } from 'vitest';
import { carriedByPosition, fieldUidsWithErrors, toggled, withOpened } from './fieldCards.js';

describe('field cards', () => {
  it('finds the fields an error points into, in the order of the list', () => {
    const uids = ['f1', 'f2', 'f3', 'f10'];
    expect(
      fieldUidsWithErrors(
        ['name', 'fields', 'fields.f3.label', 'fields.f10', 'fields.f1.options', 'fields.f3.key'],
        uids,
      ),
    ).toEqual(['f1', 'f3', 'f10']);
  });

  it('ignores list-wide errors, other members and fields no longer in the list', () => {
    expect(fieldUidsWithErrors(['fields', 'fieldsX.f1', 'consent.text', 'fields.gone.label'], ['f1'])).toEqual([]);
    // `f1` is not a prefix match of `f10`.
    expect(fieldUidsWithErrors(['fields.f10.label'], ['f1'])).toEqual([]);
  });

  it('opens cards, keeping the same set when all were open', () => {
    const open = new Set(['f1']);
    expect(withOpened(open, ['f1'])).toBe(open);
    expect(withOpened(open, [])).toBe(open);
    const next = withOpened(open, ['f2', 'f1', 'f2']);
    expect([...next].sort()).toEqual(['f1', 'f2']);
    expect([...open]).toEqual(['f1']);
  });

  it('switches one card without changing the others', () => {
    const open = new Set(['f1', 'f2']);
    expect([...toggled(open, 'f1')]).toEqual(['f2']);
    expect([...toggled(open, 'f3')].sort()).toEqual(['f1', 'f2', 'f3']);
    expect([...open]).toEqual(['f1', 'f2']);
  });

  it('keeps cards open at their positions when the fields get new uids', () => {
    const open = new Set(['a', 'c', 'stale']);
    expect([...carriedByPosition(open, ['a', 'b', 'c'], ['x', 'y', 'z'])]).toEqual(['x', 'z']);
    // A shorter or longer list: positions that did not exist before stay closed.
    expect([...carriedByPosition(open, ['a', 'b', 'c'], ['x'])]).toEqual(['x']);
    expect([...carriedByPosition(open, ['a'], ['x', 'y'])]).toEqual(['x']);
  });
});
