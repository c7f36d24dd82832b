/**
 * The kernel versions the model speaks for, and links to their source on
 * elixir.bootlin.com. Line numbers come from the trees named in
 * ../shared/kernel-facts.md §6: 4.6.2 for v4.6, 4.7.4 (and the rebuilt
 * rc7 mempool.c) for v4.7-rc6, 4.8.15 for v4.8.
 */

/** Base kernels, oldest first. The ids are part of the public interface. */
export const BASE_KERNELS = ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8', 'v4.9'] as const;
export type BaseKernel = (typeof BASE_KERNELS)[number];

export function isBaseKernel(id: string): id is BaseKernel {
  return (BASE_KERNELS as readonly string[]).includes(id);
}

/** A link to one line (or a range) of one file at one tag on elixir.bootlin.com. */
export interface SourceRef {
  tag: string;
  path: string;
  line: number;
  /** Last line of a range, if the reference covers more than one. */
  endLine?: number;
}

export function elixirUrl(ref: SourceRef): string {
  const fragment = ref.endLine ? `L${ref.line}-L${ref.endLine}` : `L${ref.line}`;
  return `https://elixir.bootlin.com/linux/${ref.tag}/source/${ref.path}#${fragment}`;
}

/** A short human label for a reference: `mm/mempool.c:315 (v4.6)`. */
export function sourceLabel(ref: SourceRef): string {
  return `${ref.path}:${ref.line} (${ref.tag})`;
}

export function src(tag: string, path: string, line: number, endLine?: number): SourceRef {
  return endLine === undefined ? { tag, path, line } : { tag, path, line, endLine };
}
