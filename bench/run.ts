// `npm run bench`: runs the performance scenarios and the release rules' usefulness on model
// teams against a throwaway redis-server and the in-repo Slack stand-in, prints a table, and writes
// bench/results.json.
// `npm run bench -- ingest summary` runs only the scenarios named. A missed target is reported as
// FAIL but does not change the exit code; only a crash does.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelsScenario } from './channels.js';
import { fanoutScenario, fanoutShiftsScenario } from './fanout.js';
import { ingestScenario } from './ingest.js';
import { type Check, log, machine, type ScenarioResult } from './lib.js';
import { memoryScenario } from './memory.js';
import { summaryScenario } from './summary.js';
import { usefulnessScenario } from './usefulness.js';

const SCENARIOS: Record<string, () => Promise<ScenarioResult>> = {
  ingest: ingestScenario,
  summary: summaryScenario,
  fanout: fanoutScenario,
  'fanout-shifts': fanoutShiftsScenario,
  memory: memoryScenario,
  channels: channelsScenario,
  usefulness: usefulnessScenario,
};

const RESULTS = join(import.meta.dirname, 'results.json');

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 10 ? 2 : 1);
}

function printResult(r: ScenarioResult): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`\n== ${r.scenario} (${r.seconds} s) ==`);
  const width = Math.max(...Object.keys(r.metrics).map((k) => k.length));
  for (const [k, v] of Object.entries(r.metrics))
    out(`  ${k.padEnd(width)}  ${typeof v === 'number' ? fmt(v) : v}`);
  for (const n of r.notes) out(`  note: ${n}`);
}

function printChecks(checks: readonly Check[]): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const width = Math.max(...checks.map((c) => c.name.length), 6);
  out('\n== targets ==');
  out(`  ${'target'.padEnd(width)}  ${'measured'.padStart(12)}  ${'limit'.padStart(12)}  result`);
  for (const c of checks) {
    const measured = `${fmt(c.value)}${c.unit ? ` ${c.unit}` : ''}`;
    const limit = `${c.op} ${fmt(c.limit)}${c.unit ? ` ${c.unit}` : ''}`;
    out(
      `  ${c.name.padEnd(width)}  ${measured.padStart(12)}  ${limit.padStart(12)}  ${c.pass ? 'PASS' : 'FAIL'}`,
    );
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = asked.filter((a) => !(a in SCENARIOS));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown scenario ${unknown.join(', ')}. Choose from: ${Object.keys(SCENARIOS).join(', ')}\n`,
    );
    process.exit(2);
  }
  const names = asked.length > 0 ? asked : Object.keys(SCENARIOS);
  const m = machine();
  log(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, redis ${m.redis}`);

  const results: ScenarioResult[] = [];
  for (const name of names) {
    const run = SCENARIOS[name] as () => Promise<ScenarioResult>;
    log(`scenario ${name}: starting`);
    const r = await run();
    results.push(r);
    printResult(r);
  }
  printChecks(results.flatMap((r) => r.checks));

  // Running one scenario keeps the others' last results in the file.
  const previous: { scenarios?: Record<string, ScenarioResult> } = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { scenarios?: Record<string, ScenarioResult> })
    : {};
  const scenarios = { ...(previous.scenarios ?? {}) };
  for (const r of results) scenarios[r.scenario] = { ...r, ...{ at: new Date().toISOString() } };
  writeFileSync(RESULTS, `${JSON.stringify({ machine: m, scenarios }, null, 2)}\n`);
  log(`results written to ${RESULTS}`);
  // Child processes and sockets are closed by each scenario; exit explicitly all the same.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench crashed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
