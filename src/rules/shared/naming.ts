/**
 * Naming helpers shared by the readability and quality rules: case checks and
 * conversions, per language conventions (PEP 8 for Python, ESLint `camelcase` for JS/TS).
 */
import type { Language } from '../../model/types.js';

/** Words of an identifier: `fooBar_baz2` → [foo, bar, baz2]; acronyms stay together (`HTTPServer` → [http, server]). */
export function words(name: string): string[] {
  return name
    .replace(/^[_$]+|[_$]+$/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function prefix(name: string): string {
  return /^[_$]*/.exec(name)?.[0] ?? '';
}

export function toSnakeCase(name: string): string {
  return prefix(name) + words(name).join('_');
}

export function toCamelCase(name: string): string {
  const [first = '', ...rest] = words(name);
  return prefix(name) + first + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function toPascalCase(name: string): string {
  return (
    prefix(name) +
    words(name)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')
  );
}

export const isUpperCase = (name: string): boolean => /^[_$]*[A-Z][A-Z0-9_]*$/.test(name);
export const isPascalCase = (name: string): boolean => /^[_$]*[A-Z][A-Za-z0-9]*$/.test(name) && /[a-z]/.test(name);
export const isSnakeCase = (name: string): boolean => /^_*[a-z][a-z0-9_]*$/.test(name);
/** `fooBar`: starts lower-case and has an upper-case letter (PEP 8's "mixedCase"). */
export const isMixedCase = (name: string): boolean => /^_*[a-z][a-z0-9]*[A-Z]/.test(name) && !name.includes('__');
/** ESLint `camelcase`: an underscore inside the name (leading/trailing ones and ALL_CAPS are fine). */
export const hasInnerUnderscore = (name: string): boolean => /[^_$]_+[^_$]/.test(name) && !isUpperCase(name);
export const isDunder = (name: string): boolean => /^__\w+__$/.test(name);

/** The conventional case for functions/variables of the language. */
export function conventionalName(name: string, language: Language): string {
  return language === 'python' ? toSnakeCase(name) : toCamelCase(name);
}
