/**
 * Analyzer plugins that turn the elements' JSDoc into the published custom-elements.json:
 * tag names from the kit's `defineElement()` calls, only the public API, typed events,
 * and module paths of the files that ship (`dist/…js`) instead of the sources.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Finds `defineElement('tag', Class)` in the registering modules (`<tag>.ts`). */
export function defineElementPlugin() {
  return {
    name: 'license-desk:define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        {
          kind: 'custom-element-definition',
          name: tag.text,
          declaration: { name: klass.text, module: importedFrom(ts, node.getSourceFile(), klass.text, moduleDoc.path) },
        },
      ];
    },
  };
}

/** The path of the module that `name` is imported from in `source`, relative to the package. */
function importedFrom(ts, source, name, modulePath) {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const named = statement.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named) || !named.elements.some((e) => e.name.text === name)) continue;
    const specifier = statement.moduleSpecifier.text.replace(/\.js$/, '.ts');
    return path.posix.join(path.posix.dirname(modulePath), specifier);
  }
  return modulePath;
}

/** Keeps what a page may use: public fields, methods and attributes. */
export function publicApiPlugin() {
  return {
    name: 'license-desk:public-api',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        // Only what a module exports (the analyzer also picks up locals of arrow functions).
        const exported = new Set((module.exports ?? []).map((e) => e.declaration?.name));
        module.declarations = module.declarations?.filter((d) => exported.has(d.name));
      }
      for (const declaration of declarations(customElementsManifest)) {
        declaration.members = declaration.members?.filter(
          (m) => (m.privacy ?? 'public') === 'public' && !m.static && !m.name.startsWith('#'),
        );
      }
    },
  };
}

/**
 * Gives each event the type a listener receives, read from the global event maps
 * (`interface LicenseDeskEventMap { 'license-activated': LicenseActivatedEvent; … }`, which the global
 * event maps extend).
 */
export function eventTypesPlugin({ eventMapFiles }) {
  const types = new Map();
  for (const file of eventMapFiles) {
    const text = readFileSync(file, 'utf8');
    const map = /interface LicenseDeskEventMap \{([^}]*)\}/.exec(text)?.[1] ?? '';
    for (const [, name, type] of map.matchAll(/'([a-z-]+)':\s*(\w+);/g)) types.set(name, type);
  }
  return {
    name: 'license-desk:event-types',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of declarations(customElementsManifest)) {
        for (const event of declaration.events ?? []) {
          const type = types.get(event.name);
          if (type === undefined) throw new Error(`${declaration.name} fires '${event.name}', which no global event map declares`);
          event.type = { text: type };
        }
      }
    },
  };
}

/** Points every module path at the file that ships: `src/a/b.ts` → `dist/a/b.js`. */
export function distPathsPlugin() {
  const toDist = (p) => (typeof p === 'string' ? p.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js') : p);
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'module' || key === 'path') value[key] = toDist(child);
        else visit(child);
      }
    }
  };
  return {
    name: 'license-desk:dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      visit(customElementsManifest.modules);
    },
  };
}

function* declarations(manifest) {
  for (const module of manifest.modules) yield* module.declarations ?? [];
}
