import { describe, it } from 'vitest';
import { inCI } from '../../src/cli/commands/grade.js';
import { pgBin, startPg } from './helpers.js';
import { defineServerSuite } from './suite.js';

// In CI a missing PostgreSQL is a failure (.ci/run installs it), never a silent skip.
if (pgBin() || inCI()) {
  defineServerSuite('PostgreSQL', async () => {
    const pg = await startPg();
    return { db: { url: pg.url }, cleanup: pg.stop };
  });
} else {
  describe.skip('toasty serve (PostgreSQL): binaries not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)', () => {
    it('needs PostgreSQL', () => undefined);
  });
}
