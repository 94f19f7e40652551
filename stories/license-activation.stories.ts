import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesLoaded, LicensesParameters } from '../.storybook/licenses.js';
import type { LicensesApi } from '../src/api/client.js';
import { ApiError } from '../src/api/contract/errors.js';
import { licenseActivationMessages } from '../src/locales/license-activation.js';
import { translator } from '../src/locales/index.js';
import { pendingClient, proxyClient } from './support/clients.js';
import { licenseWhere, registeredEmail } from './support/dialogs.js';
import { LicenseActivationHarness } from './support/license-activation.harness.js';
import { find } from './support/play.js';
import { onAPhone } from './support/phone.js';

const t = (locale: unknown) => translator(licenseActivationMessages, String(locale ?? 'en'));
const codeWhere = (status: string) => async (m: LicensesLoaded['memory']) => ({
  code: (await licenseWhere(m, (l) => l.status === status)).license.activationCode,
});

/** The page as its stories render it (and its tests mount it), with listeners by event name. */
export function licenseActivation(code: string, on: Partial<Record<string, (event: Event) => void>> = {}) {
  return html`<license-activation
    code=${code}
    @license-self-activated=${on['license-self-activated']}
    @licenses-error=${on['licenses-error']}
  ></license-activation>`;
}

/** A client whose codes all belong to a license that expired on 1 January 2021. */
export function expiredClient(memory: LicensesApi): LicensesApi {
  return proxyClient(memory, {
    getActivation: async (code: string) => ({ ...(await memory.getActivation(code)), validFrom: '2020-01-01', validTo: '2021-01-01' }),
  });
}

/** A client that refuses to check any code: too many attempts, try again in 30 seconds. */
export function rateLimitedClient(memory: LicensesApi): LicensesApi {
  return proxyClient(memory, {
    getActivation: async () => {
      throw new ApiError({ status: 429, code: 'rate_limited', title: 'Too Many Requests', detail: 'Slow down', retryAfter: 30 });
    },
  });
}

const meta: Meta = {
  title: 'Elements/license-activation',
  component: 'license-activation',
  // The fixtures the browser tests import (worlds, templates, clients) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  argTypes: { code: { control: false } },
  parameters: { licenses: { load: codeWhere('available') } satisfies LicensesParameters },
  render: (args, { loaded }) =>
    licenseActivation(String(loaded.code ?? ''), {
      'license-self-activated': args.onLicenseSelfActivated,
      'licenses-error': args.onLicensesError,
    }),
};
export default meta;
type Story = StoryObj;

/** An available code: what it is for, and the sign-up as an existing customer. */
export const Available: Story = {
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part="form"]');
  },
};

/** The new customer's form. */
export const NewCustomer: Story = {
  play: async ({ canvasElement, globals }) => {
    const page = await LicenseActivationHarness.find(canvasElement);
    (await page.findField(t(globals.locale)('new'))).click();
    await page.find('#organization');
  },
};

/** Activated: the confirmation with the end date. */
export const Activated: Story = {
  play: async ({ canvasElement, globals, loaded }) => {
    const page = await LicenseActivationHarness.find(canvasElement);
    await page.find('#email');
    page.type('email', await registeredEmail((loaded as LicensesLoaded).memory));
    await page.click(t(globals.locale)('submit'));
    await page.find('[part="done"]');
  },
};

/** While the code is checked (here it never answers). */
export const Loading: Story = {
  parameters: { licenses: { load: codeWhere('available'), client: pendingClient } satisfies LicensesParameters },
};

/** A code that is already active: no form, whom to contact. */
export const AlreadyActive: Story = {
  parameters: { licenses: { load: codeWhere('active') } satisfies LicensesParameters },
  play: async ({ canvasElement }) => void (await find(canvasElement, 'license-activation')),
};

/** A code of a refunded order: void. */
export const Refunded: Story = {
  parameters: { licenses: { load: codeWhere('refunded') } satisfies LicensesParameters },
};

/** An expired license. */
export const Expired: Story = {
  parameters: {
    licenses: {
      load: codeWhere('available'),
      client: expiredClient,
    } satisfies LicensesParameters,
  },
};

/** An unknown code. */
export const Unknown: Story = {
  parameters: { licenses: { load: async () => ({ code: 'NO-SUCH-CODE' }) } satisfies LicensesParameters },
};

/** Too many attempts: when to try again. */
export const RateLimited: Story = {
  parameters: {
    licenses: {
      load: codeWhere('available'),
      client: rateLimitedClient,
    } satisfies LicensesParameters,
  },
};

/** On a phone (390 px): the customer opens the link there as often as anywhere. */
export const OnAPhone: Story = {
  render: (args, { loaded }) =>
    onAPhone(licenseActivation(String(loaded.code ?? ''), { 'license-self-activated': args.onLicenseSelfActivated })),
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part="form"]');
  },
};
