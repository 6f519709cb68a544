import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The built-in rules' annotated fixtures. */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

/**
 * A rule's fixtures: `<id>.py` / `<id>.ts` / `<id>.js`, and variants `<id>.<case>.<ext>` for cases
 * one file cannot hold (a file-level rule's negative case). `<id>.fixed.<ext>` is a fix snapshot, not a fixture.
 */
export function fixturesOf(id: string, extensions: ReadonlySet<string>): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => {
      const m = /^(.*?)(\.[\w-]+)?(\.(?:py|ts|js))$/.exec(f);
      return m !== null && m[1] === id && m[2] !== '.fixed' && extensions.has(m[3]!);
    })
    .sort()
    .map((f) => join(FIXTURES, f));
}

/** `<id>.<ext>` itself, not a variant. */
export const isMainFixture = (id: string, fixture: string): boolean => /^\.(py|ts|js)$/.test(basename(fixture).slice(id.length));
