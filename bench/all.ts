/**
 * `npm run bench`: every bench in turn, their output as it comes, and at the end one line per goal
 * of issue 16 (`goal <name> ratio=<x> target=<y> ok|short`), so a reader sees at a glance what holds.
 * About 16 to 23 minutes on a 2-core machine (`bench:console` about 3 of them). A bench that fails is
 * reported and the others still run.
 * Not `bench:scale`: it seeds a million-event log on its first run and rebuilds and restarts on it
 * every run (bench/scale/README.md); it runs on its own.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const BENCHES = ['bench:api', 'bench:projections', 'bench:deadlines', 'bench:audit', 'bench:lists', 'bench:lists-apply', 'bench:startup', 'bench:console'];
/** Every goal the issue names, in its order: one missing from a run is printed as not measured. */
const GOALS = ['api_vs_route', 'api_vs_emmett_http', 'api_p99_ms', 'rebuild_vs_read', 'rebuild_vs_emmett', 'deadlines_vs_bullmq', 'bundle_vs_read', 'small_bundle_ms', 'start_ready_s', 'idle_rss_mib', 'console_list_vs_api', 'console_page_vs_api'];

function run(script: string): Promise<{ goals: string[]; status: number | null }> {
  return new Promise((done) => {
    const goals: string[] = [];
    let partial = '';
    const child = spawn('npm', ['run', '-s', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      goals.push(...lines.filter((line) => line.startsWith('goal ')));
    });
    child.once('exit', (status) => done({ goals, status }));
  });
}

async function main(): Promise<void> {
  const found = new Map<string, string>();
  const failed: string[] = [];
  for (const script of BENCHES) {
    process.stdout.write(`\n== npm run ${script}\n`);
    const { goals, status } = await run(script);
    if (status !== 0) failed.push(`${script} (exit ${status})`);
    for (const line of goals) found.set(line.split(' ')[1], line);
  }
  process.stdout.write('\n');
  if (failed.length) process.stdout.write(`failed: ${failed.join(', ')}\n`);
  for (const name of GOALS) process.stdout.write(`${found.get(name) ?? `goal ${name} ratio=none target=? short (not measured in this run)`}\n`);
}

void main();
