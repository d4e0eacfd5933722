import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as z from 'zod';
import { configFileSchema } from './schema.js';

/** Where the committed JSON Schema lives, relative to the repository root. */
export const CONFIG_JSON_SCHEMA_PATH = 'docs/config.schema.json';

const PRINT_WIDTH = 110;

/**
 * The JSON Schema of the configuration file, generated from the zod schema. It describes
 * what may be written (defaults make keys optional); rules that relate keys to each other
 * are only in the loader and in docs/configuration.md.
 *
 * @example
 * const schema = configJsonSchema();
 * schema.title; // 'Frontdesk configuration'
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

/**
 * The JSON Schema as the text committed to the repository, laid out the way Prettier lays out
 * JSON, so `prettier --check` and the up-to-date test agree on one exact text.
 *
 * @example
 * await writeFile('docs/config.schema.json', renderConfigJsonSchema());
 */
export function renderConfigJsonSchema(): string {
  return `${render(configJsonSchema(), 0, 0, 0)}\n`;
}

/**
 * Writes the JSON Schema to `file` (default: `docs/config.schema.json` under the working
 * directory) and returns the absolute path written.
 *
 * @example
 * await writeConfigJsonSchema(); // run from the repository root
 */
export async function writeConfigJsonSchema(file: string = CONFIG_JSON_SCHEMA_PATH): Promise<string> {
  const target = resolve(file);
  await writeFile(target, renderConfigJsonSchema(), 'utf8');
  return target;
}

/**
 * Prettier's JSON layout: objects always expanded (the generator writes them so and Prettier
 * keeps that), arrays on one line when they fit within the print width including whatever
 * follows them on the line, else one item per line.
 */
function render(value: unknown, level: number, lead: number, trail: number): string {
  if (Array.isArray(value)) return renderArray(value, level, lead, trail);
  if (isObject(value)) return renderObject(value, level);
  return JSON.stringify(value);
}

function renderObject(value: Record<string, unknown>, level: number): string {
  const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
  if (entries.length === 0) return '{}';
  const pad = '  '.repeat(level + 1);
  const lines = entries.map(([key, inner], index) => {
    const prefix = `${pad}${JSON.stringify(key)}: `;
    const comma = index < entries.length - 1 ? 1 : 0;
    return `${prefix}${render(inner, level + 1, prefix.length, comma)}`;
  });
  return `{\n${lines.join(',\n')}\n${'  '.repeat(level)}}`;
}

function renderArray(items: unknown[], level: number, lead: number, trail: number): string {
  if (items.length === 0) return '[]';
  const flat = flatText(items);
  if (flat !== null && lead + flat.length + trail <= PRINT_WIDTH) return flat;
  const pad = '  '.repeat(level + 1);
  const lines = items.map((item, index) => {
    const comma = index < items.length - 1 ? 1 : 0;
    return `${pad}${render(item, level + 1, pad.length, comma)}`;
  });
  return `[\n${lines.join(',\n')}\n${'  '.repeat(level)}]`;
}

// null when the value cannot be printed on one line (it holds a non-empty object).
function flatText(value: unknown): string | null {
  if (Array.isArray(value)) {
    const parts = value.map(flatText);
    return parts.every((part) => part !== null) ? `[${parts.join(', ')}]` : null;
  }
  if (isObject(value)) return Object.keys(value).length === 0 ? '{}' : null;
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
