// Reads lab/scenarios.json for lab/run.sh (plain Node, no dependencies).
//   node scenarios.mjs list             table of scenarios
//   node scenarios.mjs names            names of the Debian-kernel scenarios, one per line
//   node scenarios.mjs names-kernel ID  names of the scenarios that boot kernel ID
//   node scenarios.mjs built LABEL      exit 0 if LABEL is a kernel the lab builds (lab/kernels/LABEL/)
//   node scenarios.mjs get NAME         shell assignments (S_<key>=...) + S_JSON
// The resolved scenario (defaults merged, keys in a fixed order) is what the
// log header records and what the trace JSON reproduces.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const file = JSON.parse(readFileSync(join(here, '..', 'scenarios.json'), 'utf8'));
const KEYS = ['name', 'kernel', 'swap', 'cpus', 'memMiB', 'swapGiB', 'touchMiB', 'procs', 'overcommit',
  'thp', 'mglru', 'sampleMs', 'watchdogS', 'hostTimeoutS', 'expect', 'description'];
// Keys a scenario may set; absent, they are left out of the resolved scenario (so the
// recorded scenario of every earlier run stays what it was) and read as 0 by run.sh.
//   writer: seconds between the samples a small collector writes to a second disk
//           (buffered, like the 1/s collector behind the 2016 May log); 0 = none
const OPTIONAL_KEYS = ['writer'];

function resolve(s) {
  const merged = { ...file.defaults, ...s };
  const out = {};
  for (const k of KEYS) {
    if (merged[k] === undefined) throw new Error(`scenario ${s.name}: missing ${k}`);
    out[k] = merged[k];
  }
  for (const k of OPTIONAL_KEYS) if (merged[k] !== undefined && merged[k] !== 0) out[k] = merged[k];
  for (const k of Object.keys(merged)) if (!KEYS.includes(k) && !OPTIONAL_KEYS.includes(k)) throw new Error(`scenario ${s.name}: unknown key ${k}`);
  if (out.writer !== undefined && !(Number.isInteger(out.writer) && out.writer > 0 && out.writer <= 60)) {
    throw new Error(`scenario ${s.name}: writer must be a whole number of seconds from 1 to 60 (or absent)`);
  }
  if (!['crypt', 'plain'].includes(out.swap)) throw new Error(`scenario ${s.name}: swap must be crypt|plain`);
  if (!['never', 'always', 'madvise'].includes(out.thp)) throw new Error(`scenario ${s.name}: bad thp`);
  if (!['on', 'off'].includes(out.mglru)) throw new Error(`scenario ${s.name}: mglru must be on|off`);
  return out;
}

const all = file.scenarios.map(resolve);
// a kernel label with lab/kernels/<label>/source.env is built from source by the lab
const isBuilt = (label) => existsSync(join(here, '..', 'kernels', label, 'source.env'));
const shq = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
const [cmd, arg] = process.argv.slice(2);
if (cmd === 'names') {
  for (const s of all) if (!isBuilt(s.kernel)) console.log(s.name);
} else if (cmd === 'names-kernel') {
  for (const s of all) if (s.kernel === arg) console.log(s.name);
} else if (cmd === 'built') {
  process.exit(arg && isBuilt(arg) ? 0 : 1);
} else if (cmd === 'list') {
  for (const s of all) {
    console.log(`${s.name.padEnd(20)} kernel ${s.kernel.padEnd(5)} ${s.swap.padEnd(6)} ${s.cpus} vCPU, ${s.memMiB} MiB RAM, ` +
      `${s.swapGiB} GiB swap, touch ${s.procs}x${s.touchMiB} MiB, overcommit=${s.overcommit}, THP ${s.thp}, MGLRU ${s.mglru}; expect ${s.expect}`);
    console.log(`${''.padEnd(20)} ${s.description}`);
  }
} else if (cmd === 'get') {
  const s = all.find((x) => x.name === arg);
  if (!s) {
    console.error(`unknown scenario '${arg}'. Known: ${all.map((x) => x.name).join(' ')}`);
    process.exit(2);
  }
  for (const [k, v] of Object.entries(s)) console.log(`S_${k}=${shq(v)}`);
  for (const k of OPTIONAL_KEYS) if (s[k] === undefined) console.log(`S_${k}=0`);
  console.log(`S_JSON=${shq(JSON.stringify(s))}`);
} else {
  console.error('usage: scenarios.mjs list|names|get NAME');
  process.exit(2);
}
