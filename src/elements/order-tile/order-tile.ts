import { defineElement } from '../shared/define.js';
import { OrderTileElement } from './order-tile.component.js';

export { OrderTileElement };

defineElement('order-tile', OrderTileElement);

declare global {
  interface HTMLElementTagNameMap {
    'order-tile': OrderTileElement;
  }
}
