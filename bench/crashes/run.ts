/**
 * `npm run bench:crashes`: the crash tier's kill loop, longer. The real API under load from several
 * clients is SIGKILLed at random moments CRASH_KILLS times (default 100) and restarted on the same
 * port and database; afterwards every command it acknowledged with 2xx must be in the log, at its
 * receipt's revision, written by that request. Prints the counts and restart-to-ready times.
 *
 * Env: CRASH_KILLS (100), CRASH_CLIENTS (4), CRASH_SEED, CRASH_WARM=1 to restart from a preloaded
 * standby instead of a cold `node apps/api/src/main.ts` (which includes ~2 s of compiling on load).
 */
import { checkLog, Load } from '../../test/resilience/support/load';
import { startService } from '../../test/resilience/support/service-process';
import { mulberry32 } from '../support/random';
import { print, withDatabase } from '../support/database';

const KILLS = Number(process.env.CRASH_KILLS ?? 100);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const WARM = process.env.CRASH_WARM === '1';

async function main(): Promise<void> {
  const failed = await withDatabase('crash_bench', async (databaseUrl) => {
    const service = await startService({ databaseUrl, warmStandby: WARM });
    const random = mulberry32(SEED);
    const load = new Load(service.baseUrl, { clients: CLIENTS, seed: SEED });
    const restartMs: number[] = [];
    let inFlightAtKill = 0;
    const began = Date.now();
    try {
      print('seed', String(SEED));
      print('first_start_ms', String(service.startupMs));
      await load.start();
      for (let kill = 1; kill <= KILLS; kill++) {
        await service.standbyLoaded();
        await new Promise((r) => setTimeout(r, 500 + random() * 1500));
        inFlightAtKill += load.inFlight;
        await service.kill();
        restartMs.push(await service.restart());
        if (kill % 10 === 0) process.stderr.write(`  ${kill}/${KILLS} kills, ${load.acknowledged.length} acknowledged\n`);
      }
      await new Promise((r) => setTimeout(r, 500));
      await load.stop();
    } finally {
      await load.stop();
      await service.stop();
    }
    const log = await checkLog(databaseUrl, load.acknowledged);
    const sorted = [...restartMs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    print('kills', String(KILLS));
    print('restarts', WARM ? 'warm-standby' : 'cold');
    print('acknowledged', String(load.acknowledged.length));
    print('verified', String(log.verified));
    print('lost', String(log.lost.length));
    print('broken_streams', String(log.broken.length));
    print('streams', String(log.streams));
    print('5xx', String(load.fiveHundreds));
    print('connection_errors', String(load.connectionErrors));
    print('in_flight_at_kill', String(inFlightAtKill));
    print('statuses', load.statusLine().replace(/ /g, ','));
    print('restart_to_ready_ms_median', String(at(0.5)));
    print('restart_to_ready_ms_p99', String(at(0.99)));
    print('restart_to_ready_ms_max', String(sorted[sorted.length - 1]));
    print('wall_s', ((Date.now() - began) / 1000).toFixed(1));
    for (const lost of log.lost.slice(0, 10)) process.stderr.write(`LOST ${JSON.stringify(lost)}\n`);
    for (const broken of log.broken.slice(0, 10)) process.stderr.write(`BROKEN ${broken}\n`);
    return log.lost.length > 0 || log.broken.length > 0;
  });
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
