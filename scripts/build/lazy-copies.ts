/**
 * A Vite plugin that makes a lazily imported module's chunk load on its own. Rollup-style
 * code splitting would let that chunk import the small modules it shares with the bundle
 * (limits, link checks) back from `license-desk.js`, which breaks as soon as a page serves
 * the bundle under another name or URL. Instead, the lazy module and the kit's own modules
 * it imports are compiled a second time into its chunk; they are small and free of state
 * that would need to be shared. Packages (zod) are not copied: the bundle does not use them.
 */
import type { Plugin } from 'vite';

/** Marks the ids of the copies, so that their own imports are copied too. */
const COPY = '?lazy-copy';

/** Copies the modules matching `lazy`, when imported with `import()`, into their own chunks. */
export function lazyCopies(lazy: RegExp): Plugin {
  return {
    name: 'license-desk:lazy-copies',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const fromCopy = importer?.endsWith(COPY) ?? false;
      if (!fromCopy && options.kind !== 'dynamic-import') return null;
      const from = fromCopy ? importer!.slice(0, -COPY.length) : importer;
      const resolved = await this.resolve(source, from, { ...options, skipSelf: true });
      // Packages and the bundler's own virtual modules (Vite's preload helper) are not copied.
      if (resolved === null || resolved.external || resolved.id.startsWith('\0') || /[\\/]node_modules[\\/]/.test(resolved.id)) {
        return resolved;
      }
      if (!fromCopy && !lazy.test(resolved.id)) return resolved;
      return { ...resolved, id: `${resolved.id}${COPY}` };
    },
  };
}
