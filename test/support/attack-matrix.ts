/**
 * The named SAML fixture matrix: valid responses the core must accept and attacks it must refuse,
 * each with the error code its first error must carry. Built at test time (keys are never
 * committed); `writeSamlFixtures` also drops them under `.tmp/fixtures/saml/` for people to read.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createKit } from './fixture-kit.js';
import { c14nFixtures } from './fixtures-c14n.js';
import type { Fixture } from './fixture-kit.js';
import { parsingFixtures } from './fixtures-parsing.js';
import { protocolFixtures } from './fixtures-protocol.js';
import { signatureFixtures } from './fixtures-signature.js';
import { validFixtures } from './fixtures-valid.js';
import { validSigningFixtures } from './fixtures-valid-signing.js';
import { xswFixtures } from './fixtures-xsw.js';

export type { Fixture, FixtureExpectation, XmlsecCheck } from './fixture-kit.js';

let built: Promise<Fixture[]> | undefined;

/**
 * Every fixture, built once per process (signing runs xmlsec1, about 100 times, a few seconds).
 * @example for (const f of await buildSamlFixtures()) validateSamlResponse(f.base64, f.setting, { now: f.now });
 */
export function buildSamlFixtures(): Promise<Fixture[]> {
  built ??= Promise.resolve().then(() => {
    const kit = createKit();
    const groups: Array<[string, Fixture[]]> = [
      ['Accepted: shapes, identity, time and transport', validFixtures(kit)],
      ['Accepted: keys and algorithms', validSigningFixtures(kit)],
      ['Accepted: canonicalization', c14nFixtures(kit)],
      ['Refused: signatures', signatureFixtures(kit)],
      ['Refused: signature wrapping (XSW)', xswFixtures(kit)],
      ['Refused: transport, parsing and structure', parsingFixtures(kit)],
      ['Refused: protocol checks', protocolFixtures(kit)],
    ];
    const fixtures = groups.flatMap(([group, list]) => list.map((f) => ({ ...f, group })));
    const seen = new Set<string>();
    for (const f of fixtures) {
      if (seen.has(f.name)) throw new Error(`duplicate fixture name ${f.name}`);
      seen.add(f.name);
    }
    return fixtures;
  });
  return built;
}

/** The bytes a fixture carries: its XML, else its decoded base64 when that is what it is. */
function fileFor(fixture: Fixture): { file: string; content: Buffer | string } {
  if (fixture.xml !== undefined) return { file: `${fixture.name}.xml`, content: fixture.xml };
  const decoded = Buffer.from(fixture.base64, 'base64');
  if (decoded.length > 0 && decoded.toString('base64') === fixture.base64) {
    return { file: `${fixture.name}.xml`, content: decoded };
  }
  return { file: `${fixture.name}.txt`, content: fixture.base64 };
}

/**
 * Writes every fixture to `<dir>/{valid,invalid}/<name>.xml` (or `.txt` for a value that is not
 * base64 of anything), replacing what was there. The directory is gitignored.
 */
export function writeSamlFixtures(fixtures: Fixture[], dir = join('.tmp', 'fixtures', 'saml')): void {
  for (const cls of ['valid', 'invalid'] as const) {
    rmSync(join(dir, cls), { recursive: true, force: true });
    mkdirSync(join(dir, cls), { recursive: true });
  }
  for (const fixture of fixtures) {
    const { file, content } = fileFor(fixture);
    writeFileSync(join(dir, fixture.class, file), content);
  }
}

/** Markdown tables of the matrix, one per group: name, expected outcome, what it proves. */
export function describeMatrix(fixtures: Fixture[]): string {
  const sections: string[] = [];
  const groups = [...new Set(fixtures.map((f) => f.group ?? 'Other'))];
  for (const group of groups) {
    const rows = fixtures
      .filter((f) => (f.group ?? 'Other') === group)
      .map((f) => {
        const expected = f.expected.valid
          ? `valid: \`${f.expected.subject}\``
          : f.expected.codes.map((c) => `\`${c}\``).join(' or ');
        return `| \`${f.name}\` | ${expected} | ${f.description.replace(/\|/g, '\\|')} |`;
      });
    sections.push(
      [
        `### ${group} (${rows.length})`,
        '',
        '| fixture | expected | what it proves |',
        '| --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
  }
  return sections.join('\n\n');
}
