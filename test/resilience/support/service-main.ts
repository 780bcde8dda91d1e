/**
 * A warm standby of the API for crash tests: loads (and compiles) everything `apps/api/src/main.ts`
 * imports, then waits for one line on stdin before running main itself. A restart after a SIGKILL
 * then costs what the service's own start costs (Nest, the store, listen), not the ~2 s of swc
 * compiling TypeScript on load that a deployed, prebuilt service never pays.
 */
import '../../../apps/api/src/app.factory';
import '@app/config';

// The parent waits for this line before it counts on a fast takeover.
process.stdout.write('standby loaded\n');
process.stdin.setEncoding('utf8');
// The parent went away without starting us: nothing to stand by for.
const orphaned = () => process.exit(0);
process.stdin.once('end', orphaned);
process.stdin.once('data', () => {
  process.stdin.off('end', orphaned);
  process.stdin.destroy();
  require('../../../apps/api/src/main');
});
