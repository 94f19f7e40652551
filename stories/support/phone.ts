import { html, type TemplateResult } from 'lit';

/**
 * `content` as wide as a phone (390 px), and never wider than the canvas: in a 390 px window
 * (or a phone's viewport in the toolbar) the story's own padding would otherwise push it
 * sideways by the padding's width.
 */
export const onAPhone = (content: unknown): TemplateResult => html`<div style="inline-size: 390px; max-inline-size: 100%">${content}</div>`;
