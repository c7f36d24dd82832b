/**
 * Figure colours are CSS variables (src/styles/site.css), so one SVG serves
 * light mode, dark mode and print without being redrawn.
 */
export const color = {
  ink: 'currentColor',
  muted: 'var(--fp-muted)',
  grid: 'var(--fp-grid)',
  free: 'var(--fp-free)',
  reserve: 'var(--fp-reserve)',
  min: 'var(--fp-min)',
  low: 'var(--fp-low)',
  high: 'var(--fp-high)',
  danger: 'var(--fp-danger)',
  accent: 'var(--fp-accent)',
  series: ['var(--fp-s1)', 'var(--fp-s2)', 'var(--fp-s3)', 'var(--fp-s4)', 'var(--fp-s5)', 'var(--fp-s6)'],
} as const;

/** Plot options every figure shares: inherit the page's font and colour. */
export const plotBase = {
  style: { background: 'transparent', color: 'inherit', fontSize: '12px', overflow: 'visible' },
  marginLeft: 56,
} as const;

/** How a pinned run is drawn beside the current one: dashed and a little fainter, in its counterpart's colour. */
export const pinnedStyle = { strokeDasharray: '5,3', strokeOpacity: 0.8 } as const;
