/**
 * <fp-widget>: makes a server-rendered widget live. The element is small;
 * the widget's definition (the model and Plot) loads on the first input, or
 * at once when the page's link carries settings for it.
 *
 * - Input → one redraw per frame; a newer input supersedes an older run.
 *   After a keyboard step on a slider, the model runs the slider's next
 *   step ahead of time in an idle worker.
 * - State ⇄ URL: the settings of the figure named in the hash (or of the
 *   first figure) live in the query; replaceState while dragging, one
 *   history entry per committed change; back/forward restore it.
 * - Cite, CSV/JSON downloads, pin-and-compare, a "running…" state.
 * - A failure keeps the last good figure and says so: the page never throws.
 */
import { formToRaw, readControls, valuesToQuery, type ControlValues } from '../widgets/controls.ts';
import type { Comparison, WidgetDefinition } from '../widgets/definition.ts';
import { toCsv, toJson, withPinned } from '../widgets/data.ts';
import { widgetLoaders } from '../widgets/registry.ts';

/** Where the model runs (the worker pool, the cache): loaded with the first redraw, not with the page. */
type ComputeModule = typeof import('./compute.ts');
let computeModule: Promise<ComputeModule> | undefined;
const loadCompute = () => (computeModule ??= import('./compute.ts'));

const RESERVED_KEYS = ['compare'];
const RUNNING_AFTER_MS = 200;
const PUSH_INTERVAL_MS = 1000;
/** Figures kept per widget to put back when a reader returns to a state (a few hundred KiB of DOM each at most). */
const DRAWN_FIGURES = 12;
/** Keys that step a slider (the WAI-ARIA slider pattern); any other key leaves look-ahead off. */
const STEP_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

/** Longest compare= value read from a link. */
const MAX_COMPARE_LENGTH = 2000;

/** A figure's settings from a query: its controls' keys read and clamped, every other key named in a notice and ignored. */
function readQuery(definition: WidgetDefinition<unknown, boolean>, search: URLSearchParams): { values: ControlValues; notices: string[] } {
  const names = new Set(definition.controls.map((c) => c.name));
  const unknown = [...new Set([...search.keys()].filter((k) => !names.has(k) && !RESERVED_KEYS.includes(k)))];
  const { values, notices } = readControls(definition.controls, Object.fromEntries([...search].filter(([k]) => names.has(k))));
  if (unknown.length) notices.unshift(`This figure has no setting called ${unknown.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; ignored.`);
  return { values, notices };
}

function siteRoot(): string {
  return `${location.origin}${import.meta.env.BASE_URL.replace(/\/?$/, '/')}`;
}

function pagePath(): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname.replace(/^\//, '');
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

class FpWidget extends HTMLElement {
  #definition: Promise<WidgetDefinition<unknown, boolean>> | undefined;
  #frame = 0;
  #generation = 0;
  #pinned: ControlValues | undefined;
  #current: { result: unknown; values: ControlValues; compare?: Comparison<unknown> } | undefined;
  #lastPush = 0;
  /** A stepping key is down in the form: the input it causes is a keyboard step. */
  #keyDown = false;
  /** The last input was a keyboard step: look-ahead follows those, whose next setting is predictable. */
  #keyStep = false;
  /** The slider values of the figure on screen (at first, the built one): a slider's step direction is read against them. */
  #shownSliders: Record<string, number> = {};
  /** The widget's definition and the compute module have loaded. */
  #loaded = false;
  /** Figures drawn, by state and width, most recent last. */
  #drawn = new Map<string, Element>();
  /** The kept runs of the figure on screen, for a widget with a run plan: what a pending part shows. */
  #shownRuns: unknown[] | undefined;

  connectedCallback(): void {
    const form = this.querySelector('form');
    if (!form) return;
    for (const input of form.querySelectorAll<HTMLInputElement>('input[type=range]')) this.#shownSliders[input.name] = Number(input.value);
    form.addEventListener('submit', (event) => event.preventDefault());
    form.addEventListener('keydown', (event) => {
      this.#keyDown = STEP_KEYS.has(event.key);
    });
    form.addEventListener('keyup', () => {
      this.#keyDown = false;
    });
    form.addEventListener('input', (event) => {
      this.#keyStep = this.#keyDown;
      this.#onInput(event, false);
    });
    form.addEventListener('change', (event) => this.#onInput(event, true));
    this.querySelector('.fp-actions')?.removeAttribute('hidden');
    this.querySelector('.fp-actions')?.addEventListener('click', (event) => void this.#onAction(event));
    window.addEventListener('popstate', () => {
      if (this.#isUrlTarget()) void this.#restoreFromUrl();
    });
    if (this.#isUrlTarget() && location.search.length > 1) void this.#restoreFromUrl();
  }

  /** The query belongs to the figure the hash names, or to the page's first figure. */
  #isUrlTarget(): boolean {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith('fig-')) return hash === this.id;
    return document.querySelector('fp-widget') === this;
  }

  #onInput(event: Event, committed: boolean): void {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'range') {
      const output = this.querySelector<HTMLOutputElement>(`output[for="${CSS.escape(target.id)}"]`);
      if (output) output.textContent = `${Number(target.value).toLocaleString('en-US')}${output.dataset.unit ? ` ${output.dataset.unit}` : ''}`;
    }
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => void this.redraw({ writeUrl: committed ? 'push' : 'replace' }));
  }

  #load(): Promise<WidgetDefinition<unknown, boolean>> {
    const id = this.dataset.widget ?? '';
    const loader = widgetLoaders[id];
    if (!loader) return Promise.reject(new Error(`no widget named ${JSON.stringify(id)}`));
    return (this.#definition ??= loader().then((m) => m.default));
  }

  /** Applies the page's query to the form (clamped, with notices), then redraws. */
  async #restoreFromUrl(): Promise<void> {
    try {
      const definition = await this.#load();
      const search = new URLSearchParams(location.search);
      const { values, notices } = readQuery(definition, search);
      this.#setForm(definition, values);
      const compare = search.get('compare');
      this.#pinned = undefined;
      if (compare !== null && !definition.comparable) notices.push('This figure does not compare runs; the compare setting in the link was ignored.');
      else if (compare !== null) {
        if (compare.length > MAX_COMPARE_LENGTH) notices.push(`The compared settings are ${compare.length} characters long; only the first ${MAX_COMPARE_LENGTH} were read.`);
        const pinned = readQuery(definition, new URLSearchParams(compare.slice(0, MAX_COMPARE_LENGTH)));
        this.#pinned = pinned.values;
        notices.push(...pinned.notices.map((n) => `Compared run: ${n}`));
      }
      await this.redraw({ writeUrl: 'none', notices });
    } catch (error) {
      this.#showNotices([`The settings in this link could not be applied (${error instanceof Error ? error.message : String(error)}).`]);
    }
  }

  #setForm(definition: WidgetDefinition<unknown, boolean>, values: ControlValues): void {
    const form = this.querySelector('form')!;
    for (const c of definition.controls) {
      const v = values[c.name];
      if (c.kind === 'checkboxes') {
        const chosen = String(v ?? '').split(',');
        for (const box of form.querySelectorAll<HTMLInputElement>(`input[data-group="${CSS.escape(c.name)}"]`)) box.checked = chosen.includes(box.value);
        continue;
      }
      const el = form.elements.namedItem(c.name);
      if (el instanceof HTMLInputElement && c.kind === 'checkbox') el.checked = Boolean(v);
      else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) {
        el.value = String(v);
        const output = this.querySelector<HTMLOutputElement>(`output[for="${CSS.escape(el.id)}"]`);
        if (output) output.textContent = `${Number(v).toLocaleString('en-US')}${output.dataset.unit ? ` ${output.dataset.unit}` : ''}`;
      }
    }
  }

  #writeUrl(definition: WidgetDefinition<unknown, boolean>, values: ControlValues, mode: 'push' | 'replace'): void {
    const search = new URLSearchParams(valuesToQuery(definition.controls, values));
    if (this.#pinned) search.set('compare', valuesToQuery(definition.controls, this.#pinned));
    const query = search.toString().replace(/%2C/gi, ',');
    const url = `${location.pathname}${query ? `?${query}` : ''}#${this.id}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    const now = Date.now();
    if (mode === 'push' && now - this.#lastPush > PUSH_INTERVAL_MS) {
      history.pushState(null, '', url);
      this.#lastPush = now;
    } else history.replaceState(null, '', url);
  }

  /**
   * Reads the form, runs the model (and the pinned run) and redraws;
   * resolves when done. A state not in the cache first dims the figure
   * (aria-busy): the reader sees the input taken at the next frame. A
   * widget with a run plan then redraws as each run finishes, the parts of
   * runs still computing showing the previous state's, dimmed; a cached
   * state is drawn at once.
   */
  async redraw(options: { writeUrl?: 'push' | 'replace' | 'none'; notices?: string[] } = {}): Promise<void> {
    const generation = ++this.#generation;
    // Read now: the input that asked for this redraw, not one that comes while the model runs.
    const keyStep = this.#keyStep;
    const running = setTimeout(() => this.#setRunning(true), RUNNING_AFTER_MS);
    this.toggleAttribute('data-busy', true);
    /** A partial figure is waiting to be drawn (after the frame that shows the pending state). */
    let partialQueued = false;
    // Nothing is cached before the code has loaded: the first input dims the figure at once.
    if (!this.#loaded) this.#setPending(generation);
    try {
      const [definition, compute] = await Promise.all([this.#load(), loadCompute()]);
      this.#loaded = true;
      const { computeFor, isCached, lastHash, lastSource, SUPERSEDED } = compute;
      if (generation !== this.#generation) return;
      const form = this.querySelector('form')!;
      const { values, notices } = readControls(definition.controls, formToRaw(form, definition.controls));
      const chart = this.querySelector<HTMLElement>('.fp-chart');
      const width = Math.round(Math.min(760, Math.max(320, chart?.clientWidth || 640)));
      if (!isCached(definition, values) || (this.#pinned && !isCached(definition, this.#pinned))) this.#setPending(generation);
      const shown = this.#shownRuns;
      let runs: readonly unknown[] | undefined;
      const onRun = definition.runs
        ? (done: readonly unknown[]) => {
            runs = done;
            if (partialQueued || !shown || shown.length !== done.length || generation !== this.#generation) return;
            partialQueued = true;
            // After a paint: the pending state reaches the screen before a partial figure takes the main thread.
            this.#afterFrame(() => {
              partialQueued = false;
              if (generation === this.#generation && this.dataset.rendered !== String(generation) && runs) this.#drawPartial(definition, values, runs, shown, width, generation);
            });
          }
        : undefined;
      const [result, pinnedResult] = await Promise.all([
        computeFor(this.id, definition, values, onRun),
        this.#pinned ? computeFor(`${this.id}#pinned`, definition, this.#pinned) : Promise.resolve(undefined),
      ]);
      if (result === SUPERSEDED || pinnedResult === SUPERSEDED || generation !== this.#generation) return;
      const compare = this.#pinned && pinnedResult !== undefined ? { result: pinnedResult, values: this.#pinned, label: 'pinned' } : undefined;
      const drawStart = performance.now();
      chart?.replaceChildren(this.#figureFor(definition, result, values, compare, width));
      // How long the figure took to draw on the main thread (the bench reports it).
      this.dataset.drawMs = String(Math.round(performance.now() - drawStart));
      this.#shownRuns = runs && Array.from(runs).every((r) => r !== undefined) ? [...runs] : undefined;
      this.#setPending(undefined);
      const summary = this.querySelector('.fp-summary');
      if (summary) summary.textContent = definition.summary(result, values, compare);
      this.#current = { result, values, compare };
      this.#lookAhead(definition, values, compute, keyStep);
      this.#updateCite(definition);
      this.#updatePinButton();
      this.#showNotices([...(options.notices ?? []), ...notices]);
      if (options.writeUrl && options.writeUrl !== 'none') this.#writeUrl(definition, values, options.writeUrl);
      const hash = lastHash.get(this.id);
      if (hash) this.dataset.resultHash = hash;
      this.dataset.resultFrom = lastSource.get(this.id) ?? 'model';
      this.dataset.rendered = String(generation);
      this.#markChanged(generation);
    } catch (error) {
      this.#setPending(undefined);
      this.#showNotices([`This figure could not be redrawn (${error instanceof Error ? error.message : String(error)}); the last good figure is shown.`]);
      console.error(error);
    } finally {
      clearTimeout(running);
      if (generation === this.#generation) {
        this.toggleAttribute('data-busy', false);
        this.#setRunning(false);
      }
    }
  }

  /**
   * The figure of a state, drawn once: going back to a state (a cached step,
   * a drag over settings already seen) puts its figure back instead of
   * drawing it again, which would take a long task on a slow machine.
   */
  #figureFor(definition: WidgetDefinition<unknown, boolean>, result: unknown, values: ControlValues, compare: Comparison<unknown> | undefined, width: number): Element {
    const key = JSON.stringify([values, compare?.values ?? null, width]);
    const drawn = this.#drawn.get(key);
    this.#drawn.delete(key);
    const figure = drawn ?? definition.figure(result, values, document, compare, { width });
    this.#drawn.set(key, figure);
    while (this.#drawn.size > DRAWN_FIGURES) this.#drawn.delete(this.#drawn.keys().next().value!);
    return figure;
  }

  /**
   * The figure with the runs finished so far and, for those still running,
   * the runs of the figure shown before; their parts dimmed (or the whole
   * figure, when the widget names no parts).
   */
  #drawPartial(definition: WidgetDefinition<unknown, boolean>, values: ControlValues, runs: readonly unknown[], shown: readonly unknown[], width: number, generation: number): void {
    const chart = this.querySelector<HTMLElement>('.fp-chart');
    if (!chart || !definition.runs) return;
    try {
      const pending = Array.from(runs, (r) => r === undefined);
      const result = definition.runs.join(values, pending.map((p, i) => (p ? shown[i] : runs[i])));
      const compare = this.#pinned ? this.#current?.compare : undefined;
      const figure = definition.figure(result, values, document, compare, { width });
      const parts = definition.runParts ? figure.querySelectorAll(definition.runParts) : [];
      const byPart = parts.length === pending.length;
      if (byPart) parts.forEach((part, i) => part.classList.toggle('fp-run-pending', pending[i]!));
      chart.replaceChildren(figure);
      chart.classList.toggle('fp-pending', !byPart);
      this.dataset.partial = `${generation}:${pending.filter((p) => !p).length}/${pending.length}`;
      this.#markChanged(generation);
    } catch {
      // A partial figure is a courtesy: the complete one follows.
    }
  }

  /** Dims the figure while `generation` computes (aria-busy on it), or clears that. */
  #setPending(generation: number | undefined): void {
    const on = generation !== undefined;
    this.querySelector('.fp-chart')?.classList.toggle('fp-pending', on);
    const figure = this.querySelector('.fp-figure');
    if (on) figure?.setAttribute('aria-busy', 'true');
    else figure?.removeAttribute('aria-busy');
    if (on) this.#markChanged(generation);
  }

  /** Records, once the frame that shows it is painted, that `generation` changed what the reader sees (read by the bench). */
  #markChanged(generation: number): void {
    if (Number(this.dataset.changed) >= generation) return;
    this.#afterFrame(() => {
      if (Number(this.dataset.changed ?? 0) < generation) this.dataset.changed = String(generation);
    });
  }

  /** Runs `fn` in a task after the next frame is painted. */
  #afterFrame(fn: () => void): void {
    requestAnimationFrame(() => setTimeout(fn, 0));
  }

  /** The next step of the slider that just moved, in the direction it moved, computed while the workers are idle. */
  #lookAhead(definition: WidgetDefinition<unknown, boolean>, values: ControlValues, compute: ComputeModule, keyStep: boolean): void {
    const shown = this.#shownSliders;
    this.#shownSliders = {};
    for (const c of definition.controls) if (c.kind === 'range') this.#shownSliders[c.name] = Number(values[c.name]);
    const moved = definition.controls.find((c) => c.kind === 'range' && shown[c.name] !== undefined && Number(values[c.name]) !== shown[c.name]);
    // A pointer drag's next value is anyone's guess, and on two cores a wrong guess slows the right run down.
    if (!moved || moved.kind !== 'range' || !keyStep) return;
    const now = Number(values[moved.name]);
    const next = Number((now + Math.sign(now - shown[moved.name]!) * moved.step).toPrecision(12));
    if (next >= moved.min && next <= moved.max) compute.computeAhead(definition, { ...values, [moved.name]: next });
  }

  #setRunning(on: boolean): void {
    const status = this.querySelector<HTMLElement>('.fp-running');
    if (status) status.hidden = !on;
  }

  #updateCite(definition: WidgetDefinition<unknown, boolean>): void {
    const pre = this.querySelector('.fp-cite pre');
    if (!pre || !definition.cite || !this.#current) return;
    pre.textContent = definition.cite(this.#current.result, this.#current.values, { siteUrl: siteRoot(), page: pagePath(), anchor: this.id, title: this.querySelector('.fp-title')?.textContent?.trim() }, this.#current.compare);
  }

  #updatePinButton(): void {
    const button = this.querySelector<HTMLButtonElement>('[data-action="pin"]');
    if (button) button.textContent = this.#pinned ? 'Stop comparing' : 'Pin to compare';
  }

  async #onAction(event: Event): Promise<void> {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    try {
      const definition = await this.#load();
      if (!this.#current) await this.redraw({ writeUrl: 'none' });
      const current = this.#current;
      if (!current) return;
      const stem = `forward-progress-${this.id.replace(/^fig-/, '')}`;
      if ((action === 'csv' || action === 'json') && definition.data) {
        const now = definition.data(current.result, current.values);
        const table = current.compare ? withPinned(now, definition.data(current.compare.result, current.compare.values)) : now;
        if (action === 'csv') download(`${stem}.csv`, 'text/csv', toCsv(table));
        else download(`${stem}.json`, 'application/json', toJson(table));
      }
      else if (action === 'pin') {
        this.#pinned = this.#pinned ? undefined : { ...current.values };
        await this.redraw({ writeUrl: 'push' });
        this.#say(this.#pinned ? 'Pinned. Change a setting to compare with this run.' : 'Comparison cleared.');
      } else if (action === 'copy-cite' || action === 'copy-link') {
        const text = action === 'copy-link' ? `${location.origin}${location.pathname}${location.search}#${this.id}` : this.querySelector('.fp-cite pre')?.textContent ?? '';
        await this.#copy(text, action === 'copy-link' ? 'Link' : 'Citation');
      }
    } catch (error) {
      this.#showNotices([`That did not work (${error instanceof Error ? error.message : String(error)}).`]);
    }
  }

  async #copy(text: string, what: string): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      this.#say(`${what} copied to the clipboard.`);
    } catch {
      const pre = this.querySelector<HTMLElement>('.fp-cite pre');
      const details = this.querySelector<HTMLDetailsElement>('.fp-cite');
      if (what === 'Citation' && pre && details) {
        details.open = true;
        const range = document.createRange();
        range.selectNodeContents(pre);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        this.#say('The clipboard is not available here: the citation is selected, press Ctrl+C (⌘C) to copy it.');
      } else this.#say(`The clipboard is not available here. ${what}: ${text}`);
    }
  }

  #say(text: string): void {
    const status = this.querySelector('.fp-action-status');
    if (status) status.textContent = text;
  }

  #showNotices(notices: string[]): void {
    const box = this.querySelector<HTMLElement>('.fp-notices');
    if (!box) return;
    box.replaceChildren(...notices.map((text) => Object.assign(document.createElement('p'), { textContent: text })));
    box.hidden = notices.length === 0;
  }
}

if (!customElements.get('fp-widget')) customElements.define('fp-widget', FpWidget);
