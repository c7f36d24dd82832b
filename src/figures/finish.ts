/**
 * The last step of every figure: make it one accessible image. Plot labels
 * its mark groups with aria-label, which is not allowed on role-less <g>
 * elements, so those are hidden and the <svg> carries the description.
 */
export function finishFigure(svg: Element, label: string): Element {
  const figures = svg.tagName.toLowerCase() === 'svg' ? [svg] : Array.from(svg.querySelectorAll('svg'));
  for (const el of figures) {
    for (const g of Array.from(el.querySelectorAll('g[aria-label]'))) g.setAttribute('aria-hidden', 'true');
    el.removeAttribute('aria-label');
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', label);
  }
  return svg;
}
