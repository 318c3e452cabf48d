import { Kind, OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';
import type { GraphQLScalarType } from './graphql-js.js';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNullableType,
  type GraphQLOutputType,
  type GraphQLType,
} from './graphql-js.js';
import { Timestamp, Uuid } from '@bodega/contracts';
import type { GraphqlContext } from './context.js';
import { DateTime, JSONObject, SafeInt } from './scalars.js';

type GraphQLScalarOrEnum = GraphQLScalarType | GraphQLEnumType;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

type Fields = () => GraphQLFieldConfigMap<unknown, GraphqlContext>;

const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** `add_to_cart` -> `ADD_TO_CART`: GraphQL's convention for enum values; the wire value stays the REST one. */
const enumKey = (value: string) => value.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

function isOptional(schema: TSchema): boolean {
  return schema[OptionalKind] === 'Optional';
}

/** The schema without its `| null`, and whether it had one. */
function withoutNull(schema: TSchema): { schema: TSchema; nullable: boolean } {
  if (schema[Kind] !== 'Union') return { schema, nullable: false };
  const members = (schema.anyOf as TSchema[]).filter((member) => member[Kind] !== 'Null');
  if (members.length === (schema.anyOf as TSchema[]).length) return { schema, nullable: false };
  const [only] = members;
  const rest: TSchema = members.length === 1 && only ? only : { ...schema, anyOf: members };
  return { schema: rest, nullable: true };
}

/** String literals of a union of literals, or undefined when it is anything else. */
function literalValues(schema: TSchema): string[] | undefined {
  if (schema[Kind] !== 'Union') return undefined;
  const values = (schema.anyOf as TSchema[]).map((member) =>
    member[Kind] === 'Literal' && typeof member.const === 'string' ? member.const : undefined,
  );
  return values.every((value) => value !== undefined) ? values : undefined;
}

/** Structural identity: TypeBox's Omit, Partial and Composite copy nested schemas, which stay the same shape. */
const shapeKey = (schema: TSchema) => JSON.stringify(schema);

// Said once by the scalar (ID, DateTime) rather than on every field of that type.
const generic = new Set([Uuid.description, Timestamp.description]);

function fitsInt32(schema: TSchema): boolean {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
  return minimum >= INT32_MIN && maximum <= INT32_MAX;
}

/**
 * Builds GraphQL types from the TypeBox schemas of `@bodega/contracts`, so the GraphQL API and REST share
 * one declaration of every shape (STYLE 7). Field names are the JSON names (snake_case, as everywhere in
 * Bodega), so a service's answer is a GraphQL object as it is. Objects and enums given a name keep it;
 * nested anonymous ones are named after their path (`Review.author` -> `ReviewAuthor`). Integers bounded
 * within 32 bits are `Int`, unbounded ones (money, counts) `SafeInt`; `uuid` strings are `ID`, `date-time`
 * strings `DateTime`; records (free-form facts) `JSONObject`. Length and pattern limits are not
 * repeated in GraphQL: the owning service checks them and answers `VALIDATION_ERROR`.
 */
export class TypeMapper {
  readonly #names = new Map<TSchema, string>();
  readonly #namedShapes = new Map<string, string>();
  readonly #outputs = new Map<TSchema, GraphQLOutputType>();
  readonly #inputs = new Map<TSchema, GraphQLInputType>();
  readonly #enums = new Map<string, GraphQLEnumType>();
  readonly #byName = new Map<string, GraphQLType>();
  readonly #outputsByShape = new Map<string, GraphQLObjectType>();
  readonly #inputsByShape = new Map<string, GraphQLInputObjectType>();
  readonly #extensions = new Map<string, Fields[]>();

  /** Gives `schema` a GraphQL name (an object, or an enum when it is a union of string literals). */
  name(schema: TSchema, name: string): this {
    this.#names.set(schema, name);
    if (schema[Kind] === 'Object') this.#namedShapes.set(shapeKey(schema), name);
    const values = literalValues(schema);
    if (values) this.#enum(values, name, schema.description);
    return this;
  }

  /** Adds fields to the object type named `typeName`: relations a REST body only holds ids of. */
  extend(typeName: string, fields: Fields): this {
    this.#extensions.set(typeName, [...(this.#extensions.get(typeName) ?? []), fields]);
    return this;
  }

  /** The output type of `schema`, non-null unless its schema allows null; `hint` names it when unnamed. */
  output(schema: TSchema, hint: string): GraphQLOutputType {
    const { schema: base, nullable } = withoutNull(schema);
    const type = this.#baseOutput(base, hint) as GraphQLNullableType & GraphQLOutputType;
    return nullable ? type : new GraphQLNonNull(type);
  }

  /** The input type of `schema`: required unless optional, nullable or defaulted. */
  input(schema: TSchema, hint: string): GraphQLInputType {
    const { schema: base, nullable } = withoutNull(schema);
    const type = this.#baseInput(base, hint) as GraphQLNullableType & GraphQLInputType;
    return nullable || isOptional(schema) || schema.default !== undefined ? type : new GraphQLNonNull(type);
  }

  /** Field arguments from an object schema (a querystring, a body): one argument per property. */
  args(schema: TObject, hint: string): GraphQLFieldConfigArgumentMap {
    return Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [
        key,
        {
          type: this.input(property, `${hint}${pascal(key)}`),
          ...this.#describe(property),
          ...(property.default === undefined ? {} : { defaultValue: property.default as unknown }),
        },
      ]),
    );
  }

  /** The named object type built for `schema` (which must be an object). */
  objectType(schema: TSchema, name: string): GraphQLObjectType {
    this.name(schema, name);
    return this.#baseOutput(schema, name) as GraphQLObjectType;
  }

  /** The fields `extend` added to the type `name`. */
  #extra(name: string): ReturnType<Fields> {
    const extra: ReturnType<Fields> = {};
    for (const fields of this.#extensions.get(name) ?? []) Object.assign(extra, fields());
    return extra;
  }

  /** A named schema's name, by identity or, for copies, by shape. */
  #nameOf(schema: TSchema): string | undefined {
    return (
      this.#names.get(schema) ??
      (schema[Kind] === 'Object' ? this.#namedShapes.get(shapeKey(schema)) : undefined)
    );
  }

  /** A field's own description; a named type's or a scalar's is said once, on the type. */
  #describe(property: TSchema): { description?: string } {
    const { schema } = withoutNull(property);
    const description = property.description;
    if (description === undefined || generic.has(description)) return {};
    if (this.#nameOf(schema) !== undefined && schema.description === description) return {};
    return { description };
  }

  #baseOutput(schema: TSchema, hint: string): GraphQLOutputType {
    const known = this.#outputs.get(schema);
    if (known) return known;
    const scalar = this.#scalar(schema, hint);
    if (scalar) return scalar;
    switch (schema[Kind]) {
      case 'Array': {
        const items = schema.items as TSchema;
        return new GraphQLList(this.output(items, hint));
      }
      case 'Union': {
        const [only, ...others] = schema.anyOf as TSchema[];
        if (only && others.length === 0) return this.#baseOutput(only, hint);
        break;
      }
      case 'Object': {
        const named = this.#nameOf(schema);
        const name = named ?? hint;
        // A copy of a named schema (same shape) is the named type.
        const copied = named === undefined ? undefined : this.#outputsByShape.get(shapeKey(schema));
        if (copied) return copied;
        const properties = (schema as TObject).properties;
        const type = new GraphQLObjectType<unknown, GraphqlContext>({
          name,
          ...(schema.description ? { description: schema.description } : {}),
          fields: () => ({
            ...Object.fromEntries(
              Object.entries(properties).map(([key, property]) => [
                key,
                {
                  type: this.output(
                    isOptional(property) ? nullable(property) : property,
                    `${name}${pascal(key)}`,
                  ),
                  ...this.#describe(property),
                },
              ]),
            ),
            ...this.#extra(name),
          }),
        });
        this.#register(name, type);
        this.#outputs.set(schema, type);
        if (named !== undefined) this.#outputsByShape.set(shapeKey(schema), type);
        return type;
      }
    }
    throw new TypeError(`no GraphQL output type for ${hint} (${schema[Kind]})`);
  }

  #baseInput(schema: TSchema, hint: string): GraphQLInputType {
    const known = this.#inputs.get(schema);
    if (known) return known;
    const scalar = this.#scalar(schema, hint);
    if (scalar) return scalar;
    switch (schema[Kind]) {
      case 'Array':
        return new GraphQLList(this.input(schema.items as TSchema, hint));
      case 'Union': {
        const [only, ...others] = schema.anyOf as TSchema[];
        if (only && others.length === 0) return this.#baseInput(only, hint);
        break;
      }
      case 'Object': {
        // An object named for output (Money) is another type on input (MoneyInput).
        const named = this.#nameOf(schema);
        const name = named === undefined ? hint : `${named}Input`;
        const copied = named === undefined ? undefined : this.#inputsByShape.get(shapeKey(schema));
        if (copied) return copied;
        const properties = (schema as TObject).properties;
        const type = new GraphQLInputObjectType({
          name,
          ...(schema.description ? { description: schema.description } : {}),
          fields: (): GraphQLInputFieldConfigMap =>
            Object.fromEntries(
              Object.entries(properties).map(([key, property]) => [
                key,
                {
                  type: this.input(property, `${name}${pascal(key)}`),
                  ...this.#describe(property),
                },
              ]),
            ),
        });
        this.#register(name, type);
        this.#inputs.set(schema, type);
        if (named !== undefined) this.#inputsByShape.set(shapeKey(schema), type);
        return type;
      }
    }
    throw new TypeError(`no GraphQL input type for ${hint} (${schema[Kind]})`);
  }

  /** Scalars and enums, the same on both sides. */
  #scalar(schema: TSchema, hint: string): GraphQLScalarOrEnum | undefined {
    const values = literalValues(schema);
    if (values) return this.#enum(values, this.#names.get(schema) ?? hint, schema.description);
    switch (schema[Kind]) {
      case 'String':
        if (schema.format === 'uuid') return GraphQLID;
        if (schema.format === 'date-time') return DateTime;
        return GraphQLString;
      case 'Literal':
        return typeof schema.const === 'string' ? GraphQLString : undefined;
      case 'Integer':
        return fitsInt32(schema) ? GraphQLInt : SafeInt;
      case 'Number':
        return GraphQLFloat;
      case 'Boolean':
        return GraphQLBoolean;
      case 'Record':
        return JSONObject;
      default:
        return undefined;
    }
  }

  /** One enum per set of values: a default-carrying copy of a union reuses the named original. */
  #enum(values: string[], name: string, description: string | undefined): GraphQLEnumType {
    const key = [...values].sort().join('|');
    const known = this.#enums.get(key);
    if (known) return known;
    const type = new GraphQLEnumType({
      name,
      ...(description ? { description } : {}),
      values: Object.fromEntries(values.map((value) => [enumKey(value), { value }])),
    });
    this.#register(name, type);
    this.#enums.set(key, type);
    return type;
  }

  #register(name: string, type: GraphQLType): void {
    if (this.#byName.has(name)) throw new TypeError(`two GraphQL types would be named ${name}`);
    this.#byName.set(name, type);
  }
}

/** An optional property reads as nullable on output: absent in the JSON, null in GraphQL. */
function nullable(schema: TSchema): TSchema {
  return { anyOf: [schema, { [Kind]: 'Null', type: 'null' }], [Kind]: 'Union' } as unknown as TSchema;
}
