import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { NO_SELECTION, type RuleSelection } from '../../src/model/selection.js';
import { NEURAL_RULES } from '../../src/neural/rules/index.js';
import { UsageError } from '../../src/errors.js';
import { isSelected, selectableRules, selectionFrom } from '../../src/engine/selection.js';

const BARE_EXCEPT = { id: 'bare-except', dimension: 'reliability', source: 'builtin' } as const;
const MODEL = { id: 'unusual-token', dimension: 'reliability', source: 'neural' } as const;
const sel = (s: Partial<RuleSelection>): RuleSelection => ({ ...NO_SELECTION, ...s });

describe('isSelected (Ruff semantics)', () => {
  it('without flags the config decides', () => {
    expect(isSelected(BARE_EXCEPT, true, NO_SELECTION)).toBe(true);
    expect(isSelected(BARE_EXCEPT, false, NO_SELECTION)).toBe(false);
  });

  it('--select replaces the set; --extend-select adds; --ignore removes', () => {
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['complexity'] }))).toBe(false);
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['reliability'] }))).toBe(true);
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['complexity'], extendSelect: ['bare-except'] }))).toBe(true);
    expect(isSelected(BARE_EXCEPT, true, sel({ ignore: ['bare-except'] }))).toBe(false);
    expect(isSelected(MODEL, true, sel({ ignore: ['source:neural'] }))).toBe(false);
    expect(isSelected(BARE_EXCEPT, true, sel({ ignore: ['source:neural'] }))).toBe(true);
  });

  it('the more specific selector wins whichever flag carries it; on a tie --ignore wins', () => {
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['bare-except'], ignore: ['reliability'] }))).toBe(true);
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['reliability'], ignore: ['bare-except'] }))).toBe(false);
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['reliability'], ignore: ['source:builtin'] }))).toBe(true);
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['source:builtin'], ignore: ['reliability'] }))).toBe(false);
    expect(isSelected(BARE_EXCEPT, true, sel({ select: ['reliability'], ignore: ['reliability'] }))).toBe(false);
  });

  it('a rule off by default or in the config is turned on by its id only', () => {
    expect(isSelected(BARE_EXCEPT, false, sel({ select: ['reliability'] }))).toBe(false);
    expect(isSelected(BARE_EXCEPT, false, sel({ extendSelect: ['source:builtin'] }))).toBe(false);
    expect(isSelected(BARE_EXCEPT, false, sel({ select: ['bare-except'] }))).toBe(true);
    expect(isSelected(BARE_EXCEPT, false, sel({ extendSelect: ['bare-except'] }))).toBe(true);
  });
});

describe('selectionFrom', () => {
  const catalogue = selectableRules([...BUILTIN_RULES, ...NEURAL_RULES]);

  it('splits repeated comma-separated lists and keeps their order', () => {
    const s = selectionFrom(
      { select: ['complexity,bare-except', 'source:neural'], ignore: ['long-file'], severityMin: 'warning' },
      catalogue,
    );
    expect(s).toEqual({
      select: ['complexity', 'bare-except', 'source:neural'],
      extendSelect: [],
      ignore: ['long-file'],
      severityMin: 'warning',
    });
  });

  it('names the flag and the nearest rule id for a typo', () => {
    expect(() => selectionFrom({ ignore: ['bare-excpt'] }, catalogue)).toThrow(UsageError);
    expect(() => selectionFrom({ ignore: ['bare-excpt'] }, catalogue)).toThrow(
      /--ignore: unknown rule, dimension or source 'bare-excpt'; did you mean 'bare-except'\?/,
    );
    expect(() => selectionFrom({ extendSelect: ['reliabilty'] }, catalogue)).toThrow(/did you mean 'reliability'/);
    expect(() => selectionFrom({ select: ['source:model'] }, catalogue)).toThrow(
      /--select: unknown source 'source:model'; expected one of source:builtin/,
    );
    expect(() => selectionFrom({ select: ['a,,b'] }, catalogue)).toThrow(/--select: empty selector/);
    expect(() => selectionFrom({ select: ['parse-error'] }, catalogue)).toThrow(/reported by the engine itself/);
  });

  it('the model is selectable by id and by source', () => {
    expect(catalogue.filter((r) => r.source === 'neural').map((r) => r.id)).toContain('unusual-token');
    expect(() => selectionFrom({ select: ['unusual-token', 'source:neural'] }, catalogue)).not.toThrow();
  });
});
