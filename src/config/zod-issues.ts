import * as z from 'zod';
import { formatPath, type ConfigIssue } from './config-error.js';
import { withSuggestion } from './suggest.js';

/*
 * Turns zod's issues into messages an operator can act on: "is required" instead of
 * "expected string, received undefined", one issue per unknown key with a "did you mean",
 * enum values listed (or the nearest one suggested when the list is long).
 */

const MAX_LISTED_VALUES = 12;

/** The per-parse error map used for configuration files. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be an integer';
    return `must be ${expectedPhrase(issue.expected)}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'email') return 'must be an email address';
  if (issue.code === 'invalid_value') {
    if (issue.input === undefined) return 'is required';
    const allowed = issue.values.map((value) => JSON.stringify(value));
    const got = describeValue(issue.input);
    if (issue.values.length <= MAX_LISTED_VALUES) return `must be one of ${allowed.join(', ')}; got ${got}`;
    const message = `is not one of the ${issue.values.length} allowed values; got ${got}`;
    return typeof issue.input === 'string'
      ? withSuggestion(message, issue.input, issue.values.map(String))
      : message;
  }
  return undefined;
};

/**
 * Converts a failed parse into configuration issues. `schema` is the schema that was parsed,
 * used to name the keys an unknown key may have been meant as.
 */
export function toConfigIssues(error: z.ZodError, schema: z.ZodType): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...issue.path, key]),
          message: withSuggestion(`unknown key ${JSON.stringify(key)}`, key, known),
        });
      }
      continue;
    }
    issues.push({ path: formatPath(issue.path), message: issue.message });
  }
  return issues;
}

function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current === undefined ? undefined : child(unwrap(current), segment);
  }
  if (current === undefined) return [];
  return objectsOf(unwrap(current)).flatMap((object) => Object.keys(object.shape));
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function child(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  if (typeof segment === 'number')
    return schema instanceof z.ZodArray ? (schema.element as z.ZodType) : undefined;
  const objects = objectsOf(schema);
  // In a union, the first option that declares the key is the one the path went through.
  for (const object of objects) {
    const found = (object.shape as Record<PropertyKey, z.ZodType | undefined>)[segment];
    if (found !== undefined) return found;
  }
  return undefined;
}

function objectsOf(schema: z.ZodType): z.ZodObject[] {
  if (schema instanceof z.ZodObject) return [schema];
  if (schema instanceof z.ZodUnion) {
    return (schema.options as readonly z.ZodType[]).flatMap((option) => objectsOf(unwrap(option)));
  }
  return [];
}

function expectedPhrase(expected: string): string {
  switch (expected) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}
