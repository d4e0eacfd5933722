/**
 * Generator: builds the SAML fixture matrix and writes it to `.tmp/fixtures/saml/{valid,invalid}/`.
 * Run from the repository root after `npx tsc -p tsconfig.json`:
 *   node dist/test/support/write-fixtures.js            # write the files, print counts
 *   node dist/test/support/write-fixtures.js --table    # also print the Markdown table for the README
 */
import { buildSamlFixtures, describeMatrix, writeSamlFixtures } from './attack-matrix.js';

const fixtures = await buildSamlFixtures();
writeSamlFixtures(fixtures);
const count = (cls: 'valid' | 'invalid'): number => fixtures.filter((f) => f.class === cls).length;
console.log(
  `wrote ${fixtures.length} fixtures to .tmp/fixtures/saml (valid ${count('valid')}, invalid ${count('invalid')})`,
);
if (process.argv.includes('--table')) console.log(describeMatrix(fixtures));
