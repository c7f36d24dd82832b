import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// Chapters live in content/chapters at the top of the project, not under src/.
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/chapters' }),
    schema: docsSchema({
      extend: z.object({
        /** The part of the site the chapter belongs to (see src/config/sidebar.mjs). */
        part: z.enum(['The story', 'Reference']).optional(),
      }),
    }),
  }),
};
