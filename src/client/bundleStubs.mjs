/**
 * Vite plugins that leave out of a browser bundle the code it never runs, so
 * that a reader's first input loads little (issue 14):
 *
 * - the page's bundle draws figures but, where a worker runs the model, never
 *   runs it: simulate() is replaced by a stand-in that keeps the model's name
 *   and version (the citations print them) and says so if it is ever called;
 * - the worker's bundle runs the model but never draws or writes a
 *   sentence: Plot, and the site's own drawing and wording modules (see
 *   DRAWING), are replaced by names that throw;
 * - every figure gives its colours (no scheme of d3-scale-chromatic, which
 *   Plot imports for default colour scales, is used): those are names that
 *   throw too;
 * - no figure has a calendar (time) scale, simulated time is a number of
 *   seconds: d3-time and d3-time-format are names that throw;
 * - no figure uses a map projection: d3-geo, which Plot imports for them, is
 *   replaced by names that throw (geoTransform is called when Plot loads, so
 *   it returns a projection that throws when used);
 * - a model run that no control changes (the Today figure's v4.9 line) is
 *   data: the page gets the value computed when the site was built, and
 *   neither page nor worker runs the model for it.
 *
 * Builds only: in dev the page and the worker share one module graph, so
 * nothing is replaced there, and build-time rendering (SSR) keeps everything.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const SIMULATE = '@forward-progress/model/sim/simulate';
const SIMULATE_SOURCE = new URL('../../models/src/sim/simulate.ts', import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Module text whose every export throws `message` when called. */
function throwingModule(names, message, extra = '') {
  const lines = [`const absent = (name) => function () { throw new Error(\`\${name}: ${message}\`); };`, extra];
  for (const name of names) if (!extra.includes(`export function ${name}(`)) lines.push(`export const ${name} = absent(${JSON.stringify(name)});`);
  return lines.join('\n');
}

/** Whether a hook runs for a browser bundle (not build-time rendering). */
function inBrowser(plugin, options) {
  const consumer = plugin?.environment?.config?.consumer;
  return consumer ? consumer === 'client' : !options?.ssr;
}

/**
 * A plugin that answers `id` (in a browser bundle) with the module text
 * `source()`; `file`, when given, is the same module imported by a relative
 * path (the model imports its own modules that way).
 */
function replace(name, id, source, file) {
  const virtual = `\0fp-stub:${id}`;
  const base = file?.replace(/^.*\//, '');
  return {
    name,
    apply: 'build',
    enforce: 'pre',
    async resolveId(request, importer, options) {
      if (!inBrowser(this, options)) return null;
      if (request === id) return virtual;
      if (!file || !importer || !request.startsWith('.') || !request.endsWith(base)) return null;
      const resolved = await this.resolve(request, importer, { skipSelf: true });
      return resolved?.id === file ? virtual : null;
    },
    load(request) {
      return request === virtual ? source() : null;
    },
  };
}

/** The page's simulate(): the model's name and version, read from its source; running it is the worker's job. */
export function modelOnMainThreadStub() {
  return replace('fp-model-on-main-thread', SIMULATE, () => {
    const text = readFileSync(SIMULATE_SOURCE, 'utf8');
    const constant = (key) => {
      const match = text.match(new RegExp(`export const ${key} = ('[^']*'|"[^"]*")`));
      if (!match) throw new Error(`${SIMULATE_SOURCE.pathname} no longer declares ${key} as a string literal`);
      return `export const ${key} = ${match[1]};`;
    };
    return [
      constant('MODEL_NAME'),
      constant('MODEL_VERSION'),
      'export function simulate() { throw new Error("The model runs in a Web Worker on this page, and this browser could not start one."); }',
    ].join('\n');
  }, fileURLToPath(SIMULATE_SOURCE));
}

/** The worker's Plot: it computes and never draws. */
export function plotInWorkerStub() {
  return replace('fp-plot-in-worker', '@observablehq/plot', async () => {
    const names = Object.keys(await import('@observablehq/plot')).filter((n) => n !== 'default');
    return throwingModule(names, 'Plot is not loaded in the model worker, which never draws');
  });
}

/** d3-geo as the browser's Plot sees it: no figure draws a map. */
export function projectionStub() {
  return replace('fp-no-projection', 'd3-geo', async () => {
    const names = Object.keys(await import('d3-geo')).filter((n) => n !== 'default');
    return throwingModule(names, 'no figure on this site uses a map projection, so d3-geo is not in the bundle',
      'export function geoTransform() { return { stream: absent("geoTransform().stream") }; }');
  });
}

/** d3-scale-chromatic as the browser's Plot sees it: every figure names its colours. */
export function colorSchemeStub() {
  return replace('fp-no-color-schemes', 'd3-scale-chromatic', async () => {
    const names = Object.keys(await import('d3-scale-chromatic')).filter((n) => n !== 'default');
    return throwingModule(names, 'no figure on this site uses a colour scheme of d3-scale-chromatic; give the scale a range');
  });
}

/**
 * What only the page runs: the site's drawing modules (a widget's figure.ts,
 * src/figures/), the words around a figure (a widget's summary.ts and
 * cite.ts, src/widgets/compare.ts) and the model's ASCII charts for citations.
 */
const DRAWING = /[\\/](?:src[\\/]widgets[\\/][^\\/]+[\\/](?:figure|summary|cite)|src[\\/]figures[\\/][^\\/]+|src[\\/]widgets[\\/]compare|models[\\/]src[\\/]report[\\/]asciiChart)\.ts$/;

/** The names a module of ours exports (its declarations and export lists; types are left out). */
function exportedNames(text) {
  const names = new Set();
  for (const m of text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop();
      if (name && !part.trim().startsWith('type ')) names.add(name);
    }
  }
  return [...names];
}

/** The worker's view of the modules only the page runs: it computes, and never draws or words a result. */
export function drawingInWorkerStub() {
  const prefix = '\0fp-drawing:';
  return {
    name: 'fp-drawing-in-worker',
    apply: 'build',
    enforce: 'pre',
    async resolveId(request, importer) {
      if (!importer || !request.startsWith('.') || !request.endsWith('.ts')) return null;
      const resolved = await this.resolve(request, importer, { skipSelf: true });
      return resolved && DRAWING.test(resolved.id) ? prefix + resolved.id : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      return throwingModule(exportedNames(readFileSync(id.slice(prefix.length), 'utf8')), 'the model worker never draws');
    },
  };
}

const REFS_SOURCE = fileURLToPath(new URL('../../models/src/kernel/refs.ts', import.meta.url));
const TREES_SOURCE = fileURLToPath(new URL('../../models/src/kernel/trees.ts', import.meta.url));

/**
 * The model's source references (kernel/refs.ts: the line tables of every
 * twin) as the worker sees them. A twin cites its source only in a trace step
 * (\`if (ctx.trace) step(ctx, ref(…), …)\`), and the worker's runs never trace
 * (simulate() gives every task a null trace; the step-by-step widgets trace on
 * the page), so the worker gets stand-ins: a twin may still ask for a
 * reference, but reading one throws. treeFor, which the machine needs, is the
 * real one.
 */
export function sourceRefsInWorkerStub() {
  return replace('fp-source-refs-in-worker', REFS_SOURCE, () => {
    const names = exportedNames(readFileSync(REFS_SOURCE, 'utf8')).filter((n) => n !== 'treeFor');
    const lookups = ['ref', 'mempoolRef', 'oomRef'].filter((n) => names.includes(n));
    const unread = 'source references are left out of the model worker, which never traces; trace on the page';
    return throwingModule(names.filter((n) => !lookups.includes(n)), unread, [
      `export { treeFor } from ${JSON.stringify(TREES_SOURCE)};`,
      `const unreadable = () => { throw new Error(${JSON.stringify(unread)}); };`,
      'const STAND_IN = Object.freeze(Object.defineProperties({}, { tag: { get: unreadable }, path: { get: unreadable }, line: { get: unreadable }, endLine: { get: unreadable } }));',
      ...lookups.map((n) => `export function ${n}() { return STAND_IN; }`),
    ].join('\n'));
  }, REFS_SOURCE);
}

const MODEL_SOURCE = /[\\/]models[\\/]src[\\/].*\.ts$/;
const TRACE_STEP = /\bif \((\w+)\.trace\) step\(.*\);[ \t]*$/gm;

/**
 * The model's trace steps as the worker sees them. Every step of a twin is one
 * line, \`if (ctx.trace) step(ctx, ref(…), 'what it does');\`, and the worker's
 * runs never trace (see sourceRefsInWorkerStub), so each becomes a statement
 * that throws if a trace were ever asked for there: the step's words and its
 * source reference stay out of the worker. A step written any other way fails
 * the build, so none is kept by mistake.
 */
export function traceStepsInWorkerStub() {
  return {
    name: 'fp-trace-steps-in-worker',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!MODEL_SOURCE.test(id) || !code.includes('.trace) step(')) return null;
      const out = code.replace(TRACE_STEP, (_, ctx) => `if (${ctx}.trace) throw new Error('the model worker never traces: trace on the page');`);
      if (out.includes('.trace) step(')) this.error(`${id}: a trace step that is not one line of the form "if (ctx.trace) step(…);"`);
      return { code: out, map: null };
    },
  };
}

/** d3-time and d3-time-format as the browser's Plot sees them: no figure has a calendar scale. */
export function calendarStub() {
  return ['d3-time', 'd3-time-format'].map((id) =>
    replace(`fp-no-calendar:${id}`, id, async () => {
      const names = Object.keys(await import(id)).filter((n) => n !== 'default');
      return throwingModule(names, 'no figure on this site has a calendar scale (simulated time is a number of seconds)');
    }));
}

/**
 * A module of ours whose exported functions `names` take no arguments and
 * return the same data on every call (a model run with fixed settings), as
 * a browser sees it: each returns the value it returned when the site was
 * built, and its other exports throw, so the model it imports is left out.
 * The module is run once per build, in Node, through Vite (the model is
 * TypeScript).
 */
export function computedAtBuild(file, names) {
  const path = fileURLToPath(file);
  let computed;
  return replace(`fp-computed-at-build:${path.replace(/^.*[\\/]/, '')}`, path, async () => {
    computed ??= runnerImport(path, { root: ROOT, logLevel: 'error', environments: { inline: { resolve: { noExternal: ['@forward-progress/model'] } } } })
      .then(({ module }) => Object.fromEntries(names.map((name) => [name, module[name]()])));
    const values = await computed;
    return throwingModule(exportedNames(readFileSync(path, 'utf8')), 'computed when the site was built; the browser has only its value',
      [`const computed = ${JSON.stringify(values)};`, ...names.map((name) => `export function ${name}() { return computed.${name}; }`)].join('\n'));
  }, path);
}
