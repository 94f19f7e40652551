import { defineElement } from '../shared/define.js';
import { OrderTileElement } from './order-tile.component.js';

export { OrderTileElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('order-tile', OrderTileElement);

declare global {
  interface HTMLElementTagNameMap {
    'order-tile': OrderTileElement;
  }
}
