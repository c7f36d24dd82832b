/**
 * <fp-widget>: makes a server-rendered widget live. The element itself is
 * tiny; the widget's definition (the model and Plot) loads on the first
 * input. Redraws are coalesced to one per frame, a newer input supersedes an
 * older one, and a failure leaves the last good figure with a message: the
 * page never throws.
 */
import { formToRaw, readControls } from '../widgets/controls.ts';
import type { WidgetDefinition } from '../widgets/definition.ts';
import { widgetLoaders } from '../widgets/registry.ts';

class FpWidget extends HTMLElement {
  #definition: Promise<WidgetDefinition<unknown>> | undefined;
  #frame = 0;
  #generation = 0;

  connectedCallback(): void {
    const form = this.querySelector('form');
    if (!form) return;
    form.addEventListener('submit', (event) => event.preventDefault());
    form.addEventListener('input', (event) => this.#onInput(event));
    form.addEventListener('change', (event) => this.#onInput(event));
  }

  #onInput(event: Event): void {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'range') {
      const output = this.querySelector<HTMLOutputElement>(`output[for="${CSS.escape(target.id)}"]`);
      if (output) output.textContent = `${Number(target.value).toLocaleString('en-US')}${output.dataset.unit ? ` ${output.dataset.unit}` : ''}`;
    }
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => void this.redraw());
  }

  #load(): Promise<WidgetDefinition<unknown>> {
    const id = this.dataset.widget ?? '';
    const loader = widgetLoaders[id];
    if (!loader) return Promise.reject(new Error(`no widget named ${JSON.stringify(id)}`));
    return (this.#definition ??= loader().then((m) => m.default));
  }

  /** Reads the form, runs the model and redraws; resolves when done (for tests). */
  async redraw(): Promise<void> {
    const generation = ++this.#generation;
    this.toggleAttribute('data-busy', true);
    try {
      const definition = await this.#load();
      if (generation !== this.#generation) return;
      const form = this.querySelector('form')!;
      const { values, notices } = readControls(definition.controls, formToRaw(form, definition.controls));
      const result = definition.compute(values);
      const figure = definition.figure(result, values, document);
      this.querySelector('.fp-chart')?.replaceChildren(figure);
      const summary = this.querySelector('.fp-summary');
      if (summary) summary.textContent = definition.summary(result, values);
      this.#showNotices(notices);
      this.dataset.rendered = String(generation);
    } catch (error) {
      this.#showNotices([`This figure could not be redrawn (${error instanceof Error ? error.message : String(error)}); the last good figure is shown.`]);
      console.error(error);
    } finally {
      if (generation === this.#generation) this.toggleAttribute('data-busy', false);
    }
  }

  #showNotices(notices: string[]): void {
    const box = this.querySelector<HTMLElement>('.fp-notices');
    if (!box) return;
    box.replaceChildren(...notices.map((text) => Object.assign(document.createElement('p'), { textContent: text })));
    box.hidden = notices.length === 0;
  }
}

if (!customElements.get('fp-widget')) customElements.define('fp-widget', FpWidget);
