/** One entry of an HTML legend above a figure: a line swatch (solid or dashed) and its label. */
export function legendItem(doc: Document, text: string, swatch: string, dash: boolean): Element {
  const item = doc.createElement('span');
  item.setAttribute('class', 'fp-legend-item');
  const mark = doc.createElement('span');
  mark.setAttribute('class', `fp-swatch${dash ? ' fp-swatch-dashed' : ''}`);
  mark.setAttribute('style', `border-color: ${swatch}`);
  mark.setAttribute('aria-hidden', 'true');
  item.append(mark, doc.createTextNode(text));
  return item;
}
