import jsyaml from 'js-yaml';

/**
 * The YAML 1.2 core schema as the `yaml` package resolves plain scalars, for js-yaml. js-yaml's own
 * CORE_SCHEMA is close but not the same (it reads `0b101` and `1_000` as numbers, signs on hex, and
 * `.5e3`-style floats differently), and the fast path must give exactly the data the `yaml` parser
 * would. The patterns are the tag-resolution table of the YAML 1.2.2 spec (§10.3.2); the conversions
 * are the ones `yaml` applies (parseInt / parseFloat, so `-0` stays -0 and big ints round the same
 * way). Only plain scalars are resolved; quoted ones stay strings, as in both parsers.
 */

const NULL = /^(?:~|null|Null|NULL)$/;
const TRUE = /^(?:true|True|TRUE)$/;
const FALSE = /^(?:false|False|FALSE)$/;
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INFINITY = /^[-+]?\.(?:inf|Inf|INF)$/;
const NOT_A_NUMBER = /^\.(?:nan|NaN|NAN)$/;
/** A float with an exponent, or with a fractional point (an integer has matched DECIMAL first). */
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * js-yaml tries every implicit type on every plain scalar, and most plain scalars in a catalog are
 * names (`sales_ops`): a look at the first character rules each type out before its patterns run.
 */
function startsNull(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 0x7e /* ~ */ || c === 0x6e /* n */ || c === 0x4e /* N */;
}

function startsBool(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 0x74 /* t */ || c === 0x54 /* T */ || c === 0x66 /* f */ || c === 0x46 /* F */;
}

function startsNumber(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) /* 0-9 */ || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x2e /* . */;
}

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (text: string) => startsNull(text) && NULL.test(text),
  construct: () => null,
});

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (text: string) => startsBool(text) && (TRUE.test(text) || FALSE.test(text)),
  construct: (text: string) => TRUE.test(text),
});

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string) => startsNumber(text) && (DECIMAL.test(text) || OCTAL.test(text) || HEX.test(text)),
  construct: (text: string) =>
    OCTAL.test(text) ? parseInt(text.slice(2), 8) : HEX.test(text) ? parseInt(text.slice(2), 16) : parseInt(text, 10),
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (text: string) => startsNumber(text) && (INFINITY.test(text) || NOT_A_NUMBER.test(text) || FLOAT.test(text)),
  construct: (text: string) =>
    NOT_A_NUMBER.test(text)
      ? NaN
      : INFINITY.test(text)
        ? text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
        : parseFloat(text),
});

/** `<<` as a key merges the mapping(s) it names into its own (js-yaml acts on the tag). */
const mergeType = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (text: string) => text === '<<',
});

/**
 * Strings, lists and mappings (js-yaml's failsafe schema), the core scalars above in `yaml`'s order,
 * and `<<` merge keys (the loader parses with `merge: true`).
 */
export const CORE_AS_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, mergeType],
});

/** The tag js-yaml gives a `<<` key, so the position index can tell a merge from a plain key. */
export const MERGE_TAG = 'tag:yaml.org,2002:merge';
