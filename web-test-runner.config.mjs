// Browser tests: real Chromium, TypeScript through esbuild, CommonJS (papaparse) through rollup.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { chromeLauncher } from '@web/test-runner-chrome';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { CHROMIUM_ARGS, chromiumPath } from './test/chromium.mjs';

const commonjs = fromRollup(rollupCommonjs);
const executablePath = await chromiumPath();

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 2,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [
    // papaparse requires 'stream' only for Node streams, which a browser never uses; unwrapped
    // (strictRequires: false) so that its module.exports is the ES default export.
    // React is CommonJS too (for the tests of the React components); a require of one of
    // these modules, served as ES modules, returns its default export (its module.exports).
    commonjs({
      include: ['**/node_modules/papaparse/**', '**/node_modules/{react,react-dom,scheduler}/**'],
      ignore: ['stream'],
      strictRequires: false,
      requireReturnsDefault: 'preferred',
    }),
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS],
      },
      // Each test page gets its own browser context, hence its own window, so that pages
      // running side by side are all visible: a background tab gets no animation frames
      // (fixture() and until() wait for them) and hangs until it is brought to the front.
      // https://github.com/modernweb-dev/web/issues/2588
      // Only one window has the system's focus, and the others' keys can go astray (a test's
      // sendKeys) when test files start and stop beside them: each page is told it has focus
      // whatever window is in front.
      createPage: async ({ browser }) => {
        const page = await (await browser.createBrowserContext()).newPage();
        await page.emulateFocusedPage(true);
        return page;
      },
    }),
  ],
  filterBrowserLogs: () => true,
};
