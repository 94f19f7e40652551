// Builds the conformance command that the package ships (`license-desk-conformance`): the
// contract suite of test/conformance with the client code it uses, bundled for plain Node
// into dist/conformance. The package's dependencies (zod) stay imports.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'test/conformance/cli.ts', target: 'test/conformance/target.ts' },
  outdir: 'dist/conformance',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
