/**
 * Server rendering and hydration in the fresh project: a Node script renders every element
 * inside a provider with @lit-labs/ssr, and a page built by Vite from that markup loads
 * @lit-labs/ssr-client's hydration support before the elements, as Lit's documentation
 * asks, so that the elements take over the server's markup instead of rendering anew.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { viteBuild } from './fixtures.js';

/**
 * A module for `node --input-type=module` that prints the markup of one provider holding
 * every element, rendered by @lit-labs/ssr (the server knows only attributes).
 */
export function serverRenderAll(name: string, tags: string[]): string {
  return `
    import { render } from '@lit-labs/ssr';
    import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
    import { html, unsafeStatic } from 'lit/static-html.js';
    const tags = ${JSON.stringify(tags.filter((t) => t !== 'licenses-provider'))};
    for (const tag of tags) await import('${name}/elements/' + tag);
    const elements = tags.map((tag) => html\`<\${unsafeStatic(tag)}></\${unsafeStatic(tag)}>\`);
    console.log(collectResultSync(render(html\`<licenses-provider locale="en" time-zone="UTC">\${elements}</licenses-provider>\`)));`;
}

/**
 * The client of that page: the hydration support first, then the elements' modules (the
 * same build the server rendered with), then the API for the provider.
 */
function clientEntry(name: string, tags: string[]): string {
  return [
    `import '@lit-labs/ssr-client/lit-element-hydrate-support.js';`,
    ...tags.map((tag) => `import '${name}/elements/${tag}';`),
    `import { createMemoryClient } from '${name}/api/memory';`,
    ``,
    `// Demo data in the browser; a page with \`api-base\` on the provider needs no script here.`,
    `document.querySelector('licenses-provider').client = createMemoryClient({ orders: 12, bigOrderLicenses: 0 });`,
  ].join('\n');
}

/** Builds the server-rendered page and its client with Vite into `<project>/hydrated/`. */
export async function bundleHydration(project: string, name: string, tags: string[], markup: string): Promise<void> {
  const source = join(project, 'hydration');
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, 'client.js'), clientEntry(name, tags));
  writeFileSync(
    join(source, 'index.html'),
    `<!doctype html><html lang="en"><head><title>Server rendered</title></head><body>${markup}<script type="module" src="./client.js"></script></body></html>`,
  );
  await viteBuild(source, join(project, 'hydrated'));
}
