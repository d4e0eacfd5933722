import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CONFIG_JSON_SCHEMA_PATH,
  configJsonSchema,
  renderConfigJsonSchema,
} from '../../src/config/write-json-schema.js';
import { REPO_ROOT } from './helpers.js';

function propertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, out);
  else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const name of Object.keys(value)) out.add(name);
      }
      if (key !== 'default') propertyNames(value, out);
    }
  }
  return out;
}

describe('JSON Schema', () => {
  it('the committed docs/config.schema.json is what the generator produces now', () => {
    const committed = readFileSync(join(REPO_ROOT, CONFIG_JSON_SCHEMA_PATH), 'utf8');
    assert.equal(committed, renderConfigJsonSchema(), 'regenerate it with writeConfigJsonSchema()');
  });

  it('is strict about unknown keys and describes every key', () => {
    const schema = configJsonSchema();
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.title, 'Frontdesk configuration');
    const text = renderConfigJsonSchema();
    assert.equal((text.match(/"additionalProperties": true/g) ?? []).length, 0);
  });

  it('every key is documented in docs/configuration.md', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs/configuration.md'), 'utf8');
    // A key counts as documented when it appears in backticks, alone or ending a dotted path.
    const documented = (name: string): boolean =>
      new RegExp(`\`(?:[^\`\\s]*\\.)?${name.replace(/[$]/g, '\\$&')}\``).test(docs);
    const missing = [...propertyNames(configJsonSchema())].filter((name) => !documented(name));
    assert.deepEqual(missing, []);
  });
});

describe('docs/configuration.md', () => {
  it('shows the example file as its complete example', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs/configuration.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Complete example'));
    const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    assert.ok(block, 'a ```json block under "## Complete example"');
    const example = readFileSync(join(REPO_ROOT, 'examples/frontdesk.config.json'), 'utf8');
    assert.deepEqual(JSON.parse(block) as unknown, JSON.parse(example) as unknown);
  });
});
