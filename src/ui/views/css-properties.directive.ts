import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets custom properties on an element through CSSOM (`style.setProperty`), which a strict
 * `style-src` CSP allows, unlike a `style` attribute in markup or Lit's styleMap.
 */
class CssPropertiesDirective extends Directive {
  private applied: Record<string, string> = {};

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProperties() belongs on an element');
  }

  render(_properties: Record<string, string>): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of Object.keys(this.applied)) if (!(name in properties)) style.removeProperty(name);
    for (const [name, value] of Object.entries(properties)) {
      if (this.applied[name] !== value) style.setProperty(name, value);
    }
    this.applied = { ...properties };
    return noChange;
  }
}

export const cssProperties = directive(CssPropertiesDirective);
