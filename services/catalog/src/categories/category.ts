import { Type, type Static } from '@sinclair/typebox';
import { Slug } from '@bodega/contracts';

/** What POST /categories (and the internal batch) takes. */
export const CategoryInput = Type.Object(
  {
    slug: Slug,
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    description: Type.Optional(Type.String({ maxLength: 2_000 })),
  },
  { additionalProperties: false },
);
export type CategoryInput = Static<typeof CategoryInput>;
