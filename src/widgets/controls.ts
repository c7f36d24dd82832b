/**
 * Widget controls: one declaration drives the server-rendered form, the
 * browser's reading of it, and the clamping of anything a reader (or a URL)
 * puts in. Values are plain numbers, strings and booleans.
 */

export type ControlValue = number | string | boolean;

interface ControlBase {
  /** Form field name; the model's parameter name where there is one. */
  name: string;
  label: string;
  /** One line shown under the control and read by screen readers. */
  help?: string;
}

export interface RangeControl extends ControlBase {
  kind: 'range';
  min: number;
  max: number;
  step: number;
  default: number;
  unit?: string;
}

export interface SelectControl extends ControlBase {
  kind: 'select';
  options: readonly { value: string; label: string }[];
  default: string;
}

export interface CheckboxControl extends ControlBase {
  kind: 'checkbox';
  default: boolean;
}

/** Several on/off choices under one name; the value is the chosen ones, comma-separated, in option order. */
export interface CheckboxesControl extends ControlBase {
  kind: 'checkboxes';
  options: readonly { value: string; label: string; help?: string }[];
  default: string;
}

export type ControlSpec = RangeControl | SelectControl | CheckboxControl | CheckboxesControl;

export type ControlValues = Record<string, ControlValue>;

export function defaultValues(controls: readonly ControlSpec[]): ControlValues {
  return Object.fromEntries(controls.map((c) => [c.name, c.default]));
}

export interface ReadResult {
  values: ControlValues;
  /** What was clamped, replaced or ignored, in words a reader understands. */
  notices: string[];
}

const MAX_SHOWN = 40;

/** Shows a rejected value safely: quoted, shortened, never markup. */
export function quoteInput(raw: string): string {
  const short = raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
  return JSON.stringify(short);
}

function readRange(c: RangeControl, raw: string, notices: string[]): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    notices.push(`${c.label}: ${quoteInput(raw)} is not a number; using ${c.default}.`);
    return c.default;
  }
  const stepped = Math.round((n - c.min) / c.step) * c.step + c.min;
  const rounded = Number(stepped.toFixed(6));
  const clamped = Math.min(c.max, Math.max(c.min, rounded));
  if (clamped !== n) {
    notices.push(n < c.min || n > c.max
      ? `${c.label}: ${quoteInput(raw)} is outside ${c.min}–${c.max}; using ${clamped}.`
      : `${c.label}: ${quoteInput(raw)} rounded to ${clamped}.`);
  }
  return clamped;
}

/**
 * Reads raw strings (from a form or a URL) into valid values. Missing keys
 * take their defaults silently; bad ones take a clamp or the default and a
 * notice. Never throws.
 */
export function readControls(controls: readonly ControlSpec[], raw: Record<string, string | undefined>): ReadResult {
  const notices: string[] = [];
  const values: ControlValues = {};
  for (const c of controls) {
    const input = raw[c.name];
    if (input === undefined) {
      values[c.name] = c.default;
      continue;
    }
    if (c.kind === 'range') values[c.name] = readRange(c, input, notices);
    else if (c.kind === 'checkboxes') {
      const chosen = input.split(',').map((v) => v.trim()).filter(Boolean);
      const unknown = chosen.filter((v) => !c.options.some((o) => o.value === v));
      for (const v of unknown) notices.push(`${c.label}: ${quoteInput(v)} is not one of ${c.options.map((o) => o.value).join(', ')}; ignored.`);
      values[c.name] = c.options.filter((o) => chosen.includes(o.value)).map((o) => o.value).join(',');
    }
    else if (c.kind === 'select') {
      const ok = c.options.some((o) => o.value === input);
      if (!ok) notices.push(`${c.label}: ${quoteInput(input)} is not one of ${c.options.map((o) => o.value).join(', ')}; using ${c.default}.`);
      values[c.name] = ok ? input : c.default;
    } else {
      const truthy = ['on', 'true', '1', 'yes'].includes(input.toLowerCase());
      const falsy = ['off', 'false', '0', 'no', ''].includes(input.toLowerCase());
      if (!truthy && !falsy) notices.push(`${c.label}: ${quoteInput(input)} is not on or off; using off.`);
      values[c.name] = truthy;
    }
  }
  return { values, notices };
}

/** The raw strings a form currently holds, keyed by control name (checkboxes as on/off). */
export function formToRaw(form: HTMLFormElement, controls: readonly ControlSpec[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const c of controls) {
    if (c.kind === 'checkboxes') continue;
    const el = form.elements.namedItem(c.name);
    if (el instanceof HTMLInputElement && c.kind === 'checkbox') raw[c.name] = el.checked ? 'on' : 'off';
    else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) raw[c.name] = el.value;
  }
  for (const c of controls) {
    if (c.kind !== 'checkboxes') continue;
    const boxes = Array.from(form.querySelectorAll<HTMLInputElement>(`input[type=checkbox][data-group="${c.name}"]`));
    raw[c.name] = boxes.filter((b) => b.checked).map((b) => b.value).join(',');
  }
  return raw;
}

/** The URL query of a widget's values: canonical (control order), values equal to the default left out. */
export function valuesToQuery(controls: readonly ControlSpec[], values: ControlValues): string {
  const search = new URLSearchParams();
  for (const c of controls) {
    const v = values[c.name];
    if (v === undefined || v === c.default) continue;
    search.set(c.name, c.kind === 'checkbox' ? (v ? 'on' : 'off') : String(v));
  }
  return search.toString().replace(/%2C/gi, ',');
}

/** Formats a range value with its unit for an <output>. */
export function formatControlValue(c: ControlSpec, v: ControlValue): string {
  if (c.kind === 'range') return `${Number(v).toLocaleString('en-US')}${c.unit ? ` ${c.unit}` : ''}`;
  if (c.kind === 'checkbox') return v ? 'on' : 'off';
  if (c.kind === 'checkboxes') return String(v) || 'none';
  return c.options.find((o) => o.value === v)?.label ?? String(v);
}
