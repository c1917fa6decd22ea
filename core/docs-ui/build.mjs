// Copies what /docs serves into the folder given by --outDir: our page and
// starter, and the parts of swagger-ui-dist the page loads (no source maps,
// no sample page of its own).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const flag = process.argv.indexOf('--outDir');
if (flag < 0 || !process.argv[flag + 1]) {
  console.error('usage: node build.mjs --outDir <folder>');
  process.exit(2);
}
const out = process.argv[flag + 1];
const dist = join(here, 'node_modules', 'swagger-ui-dist');
mkdirSync(out, { recursive: true });
for (const name of ['index.html', 'crm-docs.js']) copyFileSync(join(here, name), join(out, name));
for (const name of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'])
  copyFileSync(join(dist, name), join(out, name));
