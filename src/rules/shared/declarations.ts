/** How functions, classes and names are declared, for the readability and quality rules. */
import type { ClassNode, FunctionNode, SourceFile, Span } from '../../model/types.js';

/** The class a function is a method of, or null. */
export function classOf(file: SourceFile, fn: FunctionNode): ClassNode | null {
  return fn.parentClass === null ? null : (file.classes[fn.parentClass] ?? null);
}

/** The class inherits from something other than `object`: its methods may override a base method with an imposed name/signature. */
export function hasBases(cls: ClassNode | null): boolean {
  return cls !== null && cls.bases.some((b) => b !== 'object' && b !== 'Object' && !/^metaclass\s*=/.test(b));
}

/** Decorators that mark an override, an abstract method or an overload (the signature is imposed from elsewhere). */
export function isOverrideOrStub(fn: FunctionNode): boolean {
  return fn.decorators.some((d) => /(^|\.)(override|overload|abstractmethod|abstractproperty|abc\.abstractmethod)\b/.test(d));
}

/** Lines of the function body that hold code. */
export function bodyText(file: SourceFile, fn: FunctionNode): string {
  return file.lines.slice(fn.bodySpan.line - 1, fn.bodySpan.endLine).join('\n');
}

/** A function whose body only raises NotImplementedError / throws, returns a constant, is `pass`/`...`, or is empty: a stub whose signature is imposed. */
export function isStubBody(file: SourceFile, fn: FunctionNode): boolean {
  const text = file.lines
    .slice(fn.bodySpan.line - 1, fn.bodySpan.endLine)
    .join('\n')
    .slice(fn.bodySpan.line === fn.span.line ? Math.max(0, fn.bodySpan.column - 1) : 0);
  const code = text
    .replace(/("""|''')[\s\S]*?\1/g, '')
    .replace(/^\s*[rRbBuU]?(["'])(?:\\.|(?!\1)[^\\])*\1\s*$/m, '')
    .replace(/#.*$/gm, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/[{}\s;]+/g, ' ')
    .trim();
  return (
    code === '' ||
    /^(pass|\.\.\.)$/.test(code) ||
    /^(raise|throw)\b/.test(code) ||
    /^return( (None|null|undefined|true|false|True|False|-?\d+|''|""|\[\]|\{\}))?$/.test(code)
  );
}

/** The name at `span` sits inside an object pattern (`{ some_field }`), i.e. it is a property name imposed by data. */
export function inObjectPattern(file: SourceFile, span: Span): boolean {
  const line = file.lines[span.line - 1] ?? '';
  let depth = 0;
  for (let i = span.column - 2; i >= 0; i--) {
    const ch = line[i];
    if (ch === '}' || ch === ')' || ch === ']') depth++;
    else if (ch === '{' || ch === '(' || ch === '[') {
      if (depth === 0) return ch === '{';
      depth--;
    }
  }
  return false;
}
