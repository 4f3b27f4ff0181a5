import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };

// Draft-06 names a schema's id `id`; Ajv 8 reads it as `$id`.
const { id: cardSchemaId, ...cardSchema } = JSON.parse(
  readFileSync(new URL("../fixtures/schemas/adaptive-card-1.5.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

let compiled: ValidateFunction | undefined;

/** The official Adaptive Card 1.5 schema (what Teams renders for bots), compiled once. */
export function adaptiveCardSchema(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema(draft06);
    compiled = ajv.compile({ ...cardSchema, $id: String(cardSchemaId) });
  }
  return compiled;
}
