import { Type } from '@sinclair/typebox';
import { Money } from '@bodega/contracts';
import { describe, expect, it } from 'vitest';
import {
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  graphqlSync,
  parseValue,
  printType,
} from './graphql-js.js';
import { formatExecution } from './errors.js';
import { DateTime, JSONObject, SafeInt } from './scalars.js';
import { TypeMapper } from './typebox-to-graphql.js';

describe('TypeBox schemas as GraphQL types', () => {
  it('keeps JSON names, makes optional and nullable fields nullable, and bounded integers Int', () => {
    const mapper = new TypeMapper();
    const Thing = Type.Object({
      id: Type.String({ format: 'uuid' }),
      at: Type.String({ format: 'date-time' }),
      small: Type.Integer({ minimum: 0, maximum: 10 }),
      big: Type.Integer(),
      note: Type.Optional(Type.String({ description: 'Said by the field' })),
      maybe: Type.Union([Type.Number(), Type.Null()]),
      facts: Type.Record(Type.String(), Type.String()),
      kind: Type.Union([Type.Literal('add_to_cart'), Type.Literal('page_view')]),
    });
    expect(printType(mapper.objectType(Thing, 'Thing'))).toBe(
      [
        'type Thing {',
        '  id: ID!',
        '  at: DateTime!',
        '  small: Int!',
        '  big: SafeInt!',
        '',
        '  """Said by the field"""',
        '  note: String',
        '  maybe: Float',
        '  facts: JSONObject!',
        '  kind: ThingKind!',
        '}',
      ].join('\n'),
    );
  });

  it('reuses a named type for copies of its schema, on output and as an input', () => {
    const mapper = new TypeMapper().name(Money, 'Money');
    const Priced = Type.Object({ price: Type.Object(Money.properties, { description: Money.description }) });
    const type = mapper.objectType(Priced, 'Priced');
    expect(String(type.getFields().price!.type)).toBe('Money!');
    expect(String(mapper.input(Type.Optional(Money), 'Ignored'))).toBe('MoneyInput');
    const args = mapper.args(
      Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 5, default: 2 }) }),
      'X',
    );
    expect(args.limit).toMatchObject({ defaultValue: 2 });
    expect(String(args.limit!.type)).toBe('Int');
  });

  it('refuses shapes GraphQL cannot say, and two types of one name', () => {
    const mapper = new TypeMapper();
    expect(() => mapper.output(Type.Union([Type.String(), Type.Number()]), 'Either')).toThrow(
      /no GraphQL output type/,
    );
    expect(() => mapper.input(Type.Union([Type.String(), Type.Number()]), 'Either')).toThrow(
      /no GraphQL input type/,
    );
    mapper.objectType(Type.Object({ a: Type.String() }), 'Twice');
    expect(() => mapper.objectType(Type.Object({ b: Type.String() }), 'Twice')).toThrow(/two GraphQL types/);
  });
});

describe('scalars', () => {
  it('SafeInt carries whole numbers up to 2^53 - 1 and refuses the rest', () => {
    expect(SafeInt.serialize(2 ** 40)).toBe(2 ** 40);
    expect(SafeInt.parseValue(-5)).toBe(-5);
    expect(SafeInt.parseLiteral(parseValue('12'))).toBe(12);
    expect(() => SafeInt.serialize(1.5)).toThrow(GraphQLError);
    expect(() => SafeInt.parseValue(2 ** 60)).toThrow(/cannot represent/);
    expect(() => SafeInt.parseLiteral(parseValue('"12"'))).toThrow(/whole number/);
  });

  it('DateTime is a string, checked by the service that owns it', () => {
    expect(DateTime.parseValue('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(DateTime.parseLiteral(parseValue('"2026-01-01"'))).toBe('2026-01-01');
    expect(() => DateTime.parseValue(5)).toThrow(GraphQLError);
    expect(() => DateTime.parseLiteral(parseValue('5'))).toThrow(GraphQLError);
  });

  it('JSONObject takes objects, written inline or as variables', () => {
    const literal = parseValue(
      '{ a: "x", n: 1.5, ok: true, none: null, list: [1, 2], v: $v, nested: { b: 2 } }',
    );
    expect(JSONObject.parseLiteral(literal, { v: 'from variable' })).toEqual({
      a: 'x',
      n: 1.5,
      ok: true,
      none: null,
      list: [1, 2],
      v: 'from variable',
      nested: { b: 2 },
    });
    expect(JSONObject.parseValue({ a: 1 })).toEqual({ a: 1 });
    expect(() => JSONObject.parseValue([1])).toThrow(GraphQLError);
    expect(() => JSONObject.parseLiteral(parseValue('[1]'))).toThrow(GraphQLError);
    expect(() => JSONObject.parseLiteral(parseValue('{ e: ENUM_VALUE }'))).toThrow(/Not a JSON value/);
  });
});

describe('errors in answers', () => {
  it('hide what a resolver bug says, and keep the data beside it', () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          broken: {
            type: DateTime,
            resolve: () => {
              throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
            },
          },
        },
      }),
    });
    const result = graphqlSync({ schema, source: '{ broken }' });
    const { statusCode, response } = formatExecution({ ...result, errors: result.errors! }, {});
    expect(statusCode).toBe(200);
    expect(response).toEqual({
      data: { broken: null },
      errors: [
        {
          message: 'Something went wrong on our side',
          locations: [{ line: 1, column: 3 }],
          path: ['broken'],
          extensions: { code: 'INTERNAL_ERROR', status: 500 },
        },
      ],
    });
  });
});
