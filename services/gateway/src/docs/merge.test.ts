import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '@bodega/kit';
import { hoistResponseSchema, mergeParts, type DocumentPart } from './merge.js';

function part(
  name: string,
  document: Partial<OpenApiDocument>,
  keeps: DocumentPart['keeps'] = () => true,
): DocumentPart {
  return {
    name,
    document: { openapi: '3.1.0', info: { title: name, version: '1' }, paths: {}, ...document },
    keeps,
  };
}

const ref = (section: string, name: string) => ({ $ref: `#/components/${section}/${name}` });
const answer = (schema: unknown) => ({
  responses: { '200': { content: { 'application/json': { schema } } } },
});

describe('merging the documents of several services', () => {
  it('keeps only the operations each part keeps, and drops paths left empty', () => {
    const merged = mergeParts([
      part(
        'catalog',
        {
          paths: {
            '/api/v1/products': { get: answer({}), post: answer({}) },
            '/internal/lookup': { post: answer({}) },
          },
        },
        (method, path) => path.startsWith('/api/') && method === 'GET',
      ),
    ]);
    expect(merged.paths).toEqual({ '/api/v1/products': { get: answer({}) } });
  });

  it('keeps what two parts say of one path side by side', () => {
    const merged = mergeParts([
      part('orders', { paths: { '/api/v1/orders': { post: answer({}) } } }),
      part('other', { paths: { '/api/v1/orders': { get: answer({}) } } }),
    ]);
    expect(Object.keys(merged.paths['/api/v1/orders'] ?? {})).toEqual(['post', 'get']);
  });

  it('renames a component another part already named differently, and its references with it', () => {
    const merged = mergeParts([
      part('catalog', {
        paths: { '/a': { get: answer(ref('schemas', 'def-0')) } },
        components: { schemas: { 'def-0': { type: 'string' } } },
      }),
      part('orders', {
        paths: { '/b': { get: answer(ref('schemas', 'def-0')) } },
        components: {
          schemas: {
            'def-0': { type: 'array', items: ref('schemas', 'def-1') },
            'def-1': { type: 'integer' },
          },
        },
      }),
    ]);
    expect(merged.components.schemas).toEqual({
      'def-0': { type: 'string' },
      'orders_def-0': { type: 'array', items: ref('schemas', 'def-1') },
      'def-1': { type: 'integer' },
    });
    expect(merged.paths['/a']).toEqual({ get: answer(ref('schemas', 'def-0')) });
    expect(merged.paths['/b']).toEqual({ get: answer(ref('schemas', 'orders_def-0')) });
  });

  it('shares a component two parts define identically, and finds a free name when the renamed one is taken', () => {
    const merged = mergeParts([
      part('catalog', {
        paths: {
          '/a': { get: answer(ref('schemas', 'Money')) },
          '/a2': { get: answer({ anyOf: [ref('schemas', 'Id'), ref('schemas', 'search_Id')] }) },
        },
        components: {
          schemas: { Money: { type: 'integer' }, search_Id: { type: 'number' }, Id: { type: 'string' } },
        },
      }),
      part('orders', {
        paths: {
          '/b': { get: { ...answer(ref('schemas', 'Money')), parameters: [ref('parameters', 'Id')] } },
        },
        components: {
          schemas: { Money: { type: 'integer' } },
          parameters: { Id: { name: 'id', in: 'query' } },
        },
      }),
      part('search', {
        paths: { '/c': { get: answer(ref('schemas', 'Id')) } },
        components: { schemas: { Id: { type: 'boolean' } } },
      }),
    ]);
    expect(Object.keys(merged.components.schemas ?? {})).toEqual(['Money', 'Id', 'search_Id', 'search_Id_2']);
    expect(merged.components.schemas?.search_Id_2).toEqual({ type: 'boolean' });
    expect(merged.paths['/c']).toEqual({ get: answer(ref('schemas', 'search_Id_2')) });
    expect(merged.components.parameters).toEqual({ Id: { name: 'id', in: 'query' } });
  });

  it('leaves out the components no kept operation reaches, and follows references between components', () => {
    const merged = mergeParts([
      part(
        'catalog',
        {
          paths: {
            '/kept': { get: answer(ref('schemas', 'Page')) },
            '/dropped': { get: answer(ref('schemas', 'Secret')) },
          },
          components: {
            schemas: {
              Page: { type: 'array', items: ref('schemas', 'Product') },
              Product: { type: 'object' },
              Secret: { type: 'string' },
              Dangling: ref('schemas', 'Nowhere'),
            },
          },
        },
        (_method, path) => path === '/kept',
      ),
    ]);
    expect(Object.keys(merged.components.schemas ?? {}).sort()).toEqual(['Page', 'Product']);
  });
});

describe('hoisting the error body into one component', () => {
  const error = (description: string) => ({
    title: 'ErrorBody',
    description,
    type: 'object',
    properties: { error: { type: 'object' } },
  });
  const failing = (schema: unknown) => ({
    responses: {
      '404': { description: 'Not found', content: { 'application/json': { schema, example: {} } } },
    },
  });

  it('references one ErrorBody schema from every error answer, keeping each description on its response', () => {
    const merged = mergeParts([
      part('catalog', { paths: { '/a': { get: failing(error('Not found')) } } }),
      part('orders', { paths: { '/b': { post: failing(error('Gone missing')) } } }),
    ]);
    expect(hoistResponseSchema(merged, 'ErrorBody')).toBe(true);
    expect(merged.components.schemas).toEqual({
      ErrorBody: { title: 'ErrorBody', type: 'object', properties: { error: { type: 'object' } } },
    });
    expect(merged.paths['/b']).toEqual({
      post: {
        responses: {
          '404': {
            description: 'Not found',
            content: { 'application/json': { schema: ref('schemas', 'ErrorBody'), example: {} } },
          },
        },
      },
    });
  });

  it('leaves the error bodies inline when they differ, or when the name is taken by another schema', () => {
    const differing = mergeParts([
      part('catalog', { paths: { '/a': { get: failing(error('x')) } } }),
      part('orders', { paths: { '/b': { get: failing({ ...error('x'), required: ['error'] }) } } }),
    ]);
    expect(hoistResponseSchema(differing, 'ErrorBody')).toBe(false);
    expect(differing.components.schemas).toBeUndefined();

    const taken = mergeParts([
      part('catalog', {
        paths: { '/a': { get: failing(error('x')) }, '/b': { get: answer(ref('schemas', 'ErrorBody')) } },
        components: { schemas: { ErrorBody: { type: 'string' } } },
      }),
    ]);
    expect(hoistResponseSchema(taken, 'ErrorBody')).toBe(false);
    expect(taken.components.schemas).toEqual({ ErrorBody: { type: 'string' } });
  });

  it('does nothing when no answer has such a schema', () => {
    const merged = mergeParts([part('catalog', { paths: { '/a': { get: answer({}) } } })]);
    expect(hoistResponseSchema(merged, 'ErrorBody')).toBe(false);
  });
});
