import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import { hoistNamedSchemas, named } from '../../src/schemas/named.ts'
import { Nullable } from '../../src/schemas/common.ts'

const Point = named('Point', Type.Object({ x: Type.Number({ examples: [1] }), y: Type.Number() }, { description: 'A point.' }))
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
const op = (schema: unknown) => ({ responses: { 200: { content: { 'application/json': { schema: plain(schema) } } } } })

describe('hoistNamedSchemas', () => {
  it('writes a named schema once under components and refers to it everywhere, nested names included', () => {
    const Line = named('Line', Type.Object({ from: Point, to: Nullable(Point) }))
    const document = hoistNamedSchemas({ paths: { '/a': { get: op(Line) }, '/b': { get: op(Type.Array(Point)) } } })
    expect(document.paths).toEqual({
      '/a': { get: op({ $ref: '#/components/schemas/Line' }) },
      '/b': { get: op({ type: 'array', items: { $ref: '#/components/schemas/Point' } }) }
    })
    expect(Object.keys(document.components.schemas)).toEqual(['Line', 'Point'])
    // The component keeps the copy with examples (Nullable drops them from its own) and loses the marker.
    expect(document.components.schemas.Point).toEqual({ type: 'object', required: ['x', 'y'], properties: { x: { type: 'number', examples: [1] }, y: { type: 'number' } }, description: 'A point.' })
    expect(JSON.stringify(document.components.schemas.Line)).toContain('"anyOf":[{"$ref":"#/components/schemas/Point"},{"type":"null"}]')
  })

  it('keeps a use\'s own description beside its $ref', () => {
    const described = Type.Object({ p: { ...Point, description: 'Where it starts.' } })
    const document = hoistNamedSchemas({ paths: { '/a': { get: op(Point) }, '/b': { get: op(described) }, '/c': { get: op(Type.Array(Point)) } } })
    expect(document.components.schemas.Point).toMatchObject({ description: 'A point.' })
    expect(document.paths['/a']).toEqual({ get: op({ $ref: '#/components/schemas/Point' }) })
    expect(JSON.stringify(document.paths['/b'])).toContain('{"$ref":"#/components/schemas/Point","description":"Where it starts."}')
  })

  it('refuses two different schemas under one name', () => {
    const Other = named('Point', Type.Object({ x: Type.String() }))
    expect(() => hoistNamedSchemas({ paths: { '/a': { get: op(Point) }, '/b': { get: op(Other) } } })).toThrow(/Two different schemas are named Point/)
  })

  it('leaves titles inside examples alone: they are data', () => {
    const schema = Type.Object({ title: Type.String() }, { examples: [{ title: 'Bad Request' }] })
    const document = hoistNamedSchemas({ paths: { '/a': { get: op(schema) } } })
    expect(document.paths).toEqual({ '/a': { get: op(schema) } })
    expect(document.components.schemas).toEqual({})
  })

  it('accepts only plain identifiers as names', () => {
    expect(() => named('Red notice', Type.String())).toThrow(TypeError)
  })
})
