import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesLoaded, LicensesParameters } from '../.storybook/licenses.js';
import { ApiError } from '../src/api/contract/errors.js';
import { licenseActivationMessages } from '../src/locales/license-activation.js';
import { translator } from '../src/locales/index.js';
import { pendingClient, proxyClient } from './support/clients.js';
import { licenseWhere, registeredEmail } from './support/dialogs.js';
import { clickButton, fill, find, findField } from './support/play.js';

const t = (locale: unknown) => translator(licenseActivationMessages, String(locale ?? 'en'));
const codeWhere = (status: string) => async (m: LicensesLoaded['memory']) => ({
  code: (await licenseWhere(m, (l) => l.status === status)).license.activationCode,
});

const meta: Meta = {
  title: 'Elements/license-activation',
  component: 'license-activation',
  argTypes: { code: { control: false } },
  parameters: { licenses: { load: codeWhere('available') } satisfies LicensesParameters },
  render: (args, { loaded }) => html`<license-activation
    code=${String(loaded.code ?? '')}
    @license-self-activated=${args.onLicenseSelfActivated}
    @licenses-error=${args.onLicensesError}
  ></license-activation>`,
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
    const el = await find(canvasElement, 'license-activation');
    (await findField(el.shadowRoot!, t(globals.locale)('new'))).click();
    await find(el.shadowRoot!, '#organization');
  },
};

/** Activated: the confirmation with the end date. */
export const Activated: Story = {
  play: async ({ canvasElement, globals, loaded }) => {
    const el = await find(canvasElement, 'license-activation');
    const root = el.shadowRoot!;
    fill(await find<HTMLInputElement>(root, '#email'), await registeredEmail((loaded as LicensesLoaded).memory));
    await clickButton(root, t(globals.locale)('submit'));
    await find(root, '[part="done"]');
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
      client: (m) =>
        proxyClient(m, {
          getActivation: async (code: string) => ({ ...(await m.getActivation(code)), validFrom: '2020-01-01', validTo: '2021-01-01' }),
        }),
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
      client: (m) =>
        proxyClient(m, {
          getActivation: async () => {
            throw new ApiError({ status: 429, code: 'rate_limited', title: 'Too Many Requests', detail: 'Slow down', retryAfter: 30 });
          },
        }),
    } satisfies LicensesParameters,
  },
};

/** On a phone (390 px): the customer opens the link there as often as anywhere. */
export const OnAPhone: Story = {
  render: (args, { loaded }) => html`<div style="width: 390px">
    <license-activation code=${String(loaded.code ?? '')} @license-self-activated=${args.onLicenseSelfActivated}></license-activation>
  </div>`,
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part="form"]');
  },
};
