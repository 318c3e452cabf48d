/**
 * The chart renderer follows Go's text/template and Helm's functions for the subset it accepts, and
 * refuses the rest: these cases pin the behaviours a chart depends on, each as Helm shows it.
 */
import { describe, expect, it } from 'vitest';
import { mergeValues, renderTemplate } from '../tools/helm/chart.js';
import { formatFloat } from '../tools/helm/values.js';

const render = (source: string, data: unknown = {}) => renderTemplate(source, data);

describe('the Go template subset', () => {
  it('trims whitespace on the side of a dash, and only there', () => {
    expect(render('a  {{- "b" -}}  c')).toBe('abc');
    expect(render('a  {{ "b" }}  c')).toBe('a  b  c');
    expect(render('x:\n  {{- if true }}\n  y: 1\n  {{- end }}\n')).toBe('x:\n  y: 1\n');
  });

  it('drops comments, trimmed or not', () => {
    expect(render('a{{/* note */}}b {{- /* note */ -}} c')).toBe('abc');
  });

  it('takes if, else if and else by Go truth: empty strings, zero, nil and empty collections are false', () => {
    const pick = '{{ if .a }}a{{ else if .b }}b{{ else }}none{{ end }}';
    expect(render(pick, { a: 'x' })).toBe('a');
    expect(render(pick, { a: '', b: [1] })).toBe('b');
    expect(render(pick, { a: 0, b: {} })).toBe('none');
    expect(render(pick, {})).toBe('none');
  });

  it('ranges over lists with their index and over maps in key order', () => {
    expect(render('{{ range $i, $v := .l }}{{ $i }}={{ $v }} {{ end }}', { l: ['a', 'b'] })).toBe('0=a 1=b ');
    expect(render('{{ range $k, $v := .m }}{{ $k }}:{{ $v }},{{ end }}', { m: { b: 2, a: 1 } })).toBe(
      'a:1,b:2,',
    );
    expect(render('{{ range .none }}x{{ else }}empty{{ end }}')).toBe('empty');
  });

  it('moves dot with `with` and keeps $ at the top', () => {
    expect(render('{{ with .a }}{{ .b }}-{{ $.top }}{{ end }}', { a: { b: 'in' }, top: 'out' })).toBe(
      'in-out',
    );
    expect(render('{{ with .missing }}x{{ else }}no{{ end }}')).toBe('no');
  });

  it('scopes variables to their block, and `=` assigns to the outer one', () => {
    const source = '{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ $y := "c" }}{{ end }}{{ $x }}';
    expect(render(source)).toBe('b');
    expect(() => render('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}')).toThrow(/undefined variable "\$y"/);
  });

  it('includes defined templates with their own dot and pipes the output', () => {
    const source =
      '{{- define "greet" }}hi {{ .name }}{{ end -}}{{ include "greet" (dict "name" "ada") | upper }}';
    expect(render(source)).toBe('HI ADA');
  });

  it('prints a missing map key as nothing but fails on a field of nil, as Helm does', () => {
    expect(render('[{{ .Values.missing }}]', { Values: {} })).toBe('[]');
    expect(() => render('{{ .Values.missing.deeper }}', { Values: {} })).toThrow(
      /nil pointer evaluating interface \{\}\.deeper/,
    );
  });

  it('prints numbers read from values as Go float64s, large ones in exponent form', () => {
    expect(render('{{ .n }}', { n: 8080 })).toBe('8080');
    expect(render('{{ .n }}', { n: 1_000_000 })).toBe('1e+06');
    expect(formatFloat(0.00001)).toBe('1e-05');
    expect(formatFloat(2.5)).toBe('2.5');
  });

  it('refuses what Helm refuses: an int literal compared with a float64 value, a float where an int goes', () => {
    expect(() => render('{{ eq .n 1 }}', { n: 1 })).toThrow(/incompatible types for comparison/);
    expect(() => render('{{ "x" | nindent .n }}', { n: 2 })).toThrow(/expected int; got float64/);
  });

  it('short-circuits and/or and returns the deciding value', () => {
    expect(render('{{ or .a "fallback" }}', { a: '' })).toBe('fallback');
    expect(render('{{ and .a .missing.field }}', { a: false })).toBe('false');
  });

  it('implements the Helm and Sprig functions the chart uses', () => {
    expect(render('{{ toYaml .v | nindent 2 }}', { v: { b: [1, 'on'], a: { c: true } } })).toBe(
      '\n  a:\n    c: true\n  b:\n  - 1\n  - "on"',
    );
    expect(render('{{ default "d" .missing }}|{{ default "d" "given" }}')).toBe('d|given');
    expect(render('{{ quote .v }} {{ squote "s" }}', { v: 'say "hi"\n' })).toBe('"say \\"hi\\"\\n" \'s\'');
    expect(render('{{ printf "%s-%d-%v" "a" 3 .f }}', { f: 1.5 })).toBe('a-3-1.5');
    expect(render('{{ "abcdef" | trunc 3 }} {{ "a-" | trimSuffix "-" }} {{ replace "+" "_" "1+2" }}')).toBe(
      'abc a 1_2',
    );
    expect(
      render('{{ join "," (list "a" "b") }} {{ has "b" (list "a" "b") }} {{ hasKey .m "k" }}', {
        m: { k: 1 },
      }),
    ).toBe('a,b true true');
    expect(render('{{ $d := dict }}{{ $_ := set $d "k" "v" }}{{ $d.k }} {{ len (append (list 1) 2) }}')).toBe(
      'v 2',
    );
    expect(render('{{ "x" | sha256sum | trunc 8 }}')).toBe('2d711642');
  });

  it('stops the render with the message of required and fail', () => {
    expect(() => render('{{ required "name the secret" .secret }}')).toThrow(/name the secret/);
    expect(() => render('{{ fail "no" }}')).toThrow(/inline:1: no/);
  });

  it('refuses anything outside the subset instead of guessing', () => {
    expect(() => render('{{ lookup "v1" "Secret" "ns" "name" }}')).toThrow(/function "lookup" not defined/);
    expect(() => render('{{ block "x" . }}{{ end }}')).toThrow(/outside the supported subset/);
    expect(() => render('{{ .a ')).toThrow(/unclosed action/);
    expect(() => render('{{ if .a }}x')).toThrow(/if without end/);
    expect(() => render('{{ range .n }}{{ end }}', { n: 'text' })).toThrow(/range can't iterate over string/);
  });
});

describe('values files', () => {
  it('merge as helm -f does: maps key by key, lists replaced, null deletes', () => {
    const merged = mergeValues(
      { a: { b: 1, c: 2 }, list: [1, 2], gone: 'x' },
      { a: { c: 3 }, list: [9], gone: null },
    );
    expect(merged).toEqual({ a: { b: 1, c: 3 }, list: [9] });
  });
});
