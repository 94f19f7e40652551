/** `npm run openapi`: writes docs/openapi.json from the contract's schemas. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiText } from '../src/api/contract/openapi.js';
import { ROOT } from '../demo/server/paths.js';

const path = join(ROOT, 'docs', 'openapi.json');
writeFileSync(path, openApiText());
console.log(`Wrote ${path}`);
