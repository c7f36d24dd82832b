import type { Page } from '@playwright/test';

/** What a reader sees of a widget: its figure's markup and its one-sentence summary. */
export interface WidgetState {
  svg: string;
  summary: string;
}

/** The figure and summary of the widget `fig` (a CSS selector such as '#fig-lab'). */
export function widgetState(page: Page, fig: string): Promise<WidgetState> {
  return page.locator(fig).evaluate((el) => ({
    svg: el.querySelector('.fp-chart')!.innerHTML,
    summary: el.querySelector('.fp-summary')!.textContent!.trim(),
  }));
}

/** Collects uncaught page errors from now on; a test expects the list to stay empty. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
