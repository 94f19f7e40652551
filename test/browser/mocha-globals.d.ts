/**
 * The Mocha globals Web Test Runner provides to browser tests, for the type check: the
 * project has no Mocha type package. Delete this file when one is added.
 */
type MochaDone = (error?: unknown) => void;
type MochaBody = (this: unknown, done: MochaDone) => void | Promise<unknown>;

declare function describe(title: string, body: (this: unknown) => void): void;
declare function it(title: string, body: MochaBody): void;
declare function before(body: MochaBody): void;
declare function after(body: MochaBody): void;
declare function beforeEach(body: MochaBody): void;
declare function afterEach(body: MochaBody): void;
