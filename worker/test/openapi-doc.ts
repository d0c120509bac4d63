// Reading the API's own OpenAPI document in tests (the fuzz and the isolation matrix): its operations, `$ref`
// resolution, and a valid-ish sample value for a JSON Schema.

export type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  op: Schema;
}

const METHODS = ["get", "put", "post", "patch", "delete"];

/** Every operation of the document: its paths, then its webhooks. */
export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const section of [doc.paths, doc.webhooks])
    for (const [path, item] of Object.entries((section ?? {}) as Record<string, Schema>))
      for (const method of METHODS) if (item[method]) ops.push({ method: method.toUpperCase(), path, op: item[method] });
  return ops;
}

/** Follows `$ref`s inside `doc`. */
export function resolveSchema(doc: Schema, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 20 && typeof s.$ref === "string"; i++) s = s.$ref.split("/").slice(1).reduce((o: any, k: string) => o?.[k], doc) ?? {};
  return s;
}

/** The JSON request body's schema of an operation, if it takes one. */
export const jsonBodySchema = (doc: Schema, op: Schema): Schema | undefined => resolveSchema(doc, op.requestBody)?.content?.["application/json"]?.schema;

/**
 * A valid-ish value for a JSON Schema: the first enum value, the example, or a small value of its type. Objects
 * get every property, or with `requiredOnly` their required ones (the first property when none is required):
 * fewer cross-field rules to break.
 */
export function sampleOf(doc: Schema, schema: Schema | undefined, depth = 0, requiredOnly = false): unknown {
  const s = resolveSchema(doc, schema);
  const sample = (sub: Schema | undefined) => sampleOf(doc, sub, depth + 1, requiredOnly);
  if (depth > 8) return null;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  const alt = s.anyOf ?? s.oneOf;
  if (Array.isArray(alt)) return sample(alt.find((a: Schema) => resolveSchema(doc, a).type !== "null") ?? alt[0]);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((a: Schema) => sample(a)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  switch (type) {
    case "object":
    case undefined: {
      if (!s.properties) return type ? {} : "x";
      const out: Record<string, unknown> = {};
      let entries = Object.entries(s.properties as Record<string, Schema>);
      if (requiredOnly) {
        const required = new Set<string>(s.required ?? []);
        entries = required.size ? entries.filter(([k]) => required.has(k)) : entries.slice(0, 1);
      }
      for (const [k, v] of entries) out[k] = sample(v);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items));
    case "integer":
    case "number":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case "boolean":
      return true;
    case "string": {
      if (s.format === "email") return "fuzz@example.com";
      if (s.format === "date-time") return "2026-11-01T10:00:00.000Z";
      if (s.format === "date") return "2026-11-01";
      if (s.format === "uri" || s.format === "url") return "https://example.com/x";
      if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      const min = s.minLength ?? 1;
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const fits = ["sample_value", "x", "sample-value", "Sample value", "0", "x1"].find((v) => re.test(v) && v.length >= min && v.length <= (s.maxLength ?? 1e9));
        if (fits) return fits;
      }
      return "A fuzzed answer that names the buyer's problem and asks for a call. ".repeat(Math.ceil(min / 60) || 1).slice(0, Math.max(min, Math.min(s.maxLength ?? 40, 40)));
    }
    default:
      return null;
  }
}
