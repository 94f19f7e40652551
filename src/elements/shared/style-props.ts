import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/** CSS property names in their CSS spelling (`scroll-padding-top`), to string values. */
export type StyleProps = Readonly<Record<string, string>>;

/**
 * Sets inline styles through the CSSOM (`style.setProperty`), never through the `style`
 * attribute. A page whose Content-Security-Policy has no 'unsafe-inline' for styles blocks
 * the attribute, and lit's `styleMap` writes the attribute on its first render
 * (https://github.com/lit/lit/issues/4719). Use as an element binding:
 * `<td ${styleProps({ height: '12px' })}>`.
 */
class StylePropsDirective extends Directive {
  private previous: readonly string[] = [];

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProps() belongs on an element, not in an attribute');
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [props]: [StyleProps]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!Object.hasOwn(props, name)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    this.previous = Object.keys(props);
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
