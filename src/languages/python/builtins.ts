/**
 * Python builtins that code calls (the full `builtins` module minus exceptions and rarely-called
 * names): what `redefined-builtin` reports a local for shadowing, and what a suggested name must not
 * shadow (neural/names).
 */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set(
  (
    'abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod enumerate eval exec ' +
    'filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len list locals map max memoryview ' +
    'min next object oct open ord pow print property range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'
  ).split(' '),
);
