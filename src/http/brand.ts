// What every page and email shows of the organisation running Pingate (ui.* in configuration):
// the product name, an optional logo, the accent colours, and who to contact for help.
import type { Config } from '../config/schema.ts';

export interface SupportContact {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly url: string;
}

export interface Brand {
  readonly name: string;
  readonly logo: boolean;
  readonly logoAlt: string;
  /** null when no way to reach the helpdesk is configured. */
  readonly support: SupportContact | null;
}

export function brandOf(ui: Config['ui']): Brand {
  const { name, email, phone, url } = ui.support;
  return {
    name: ui.productName,
    logo: ui.logoFile !== '',
    logoAlt: ui.logoAlt,
    support: email || phone || url ? { name, email, phone, url } : null,
  };
}

/** The stylesheet that sets the accent colours (served as /static/brand.css: no inline style,
 * so the pages' CSP stays style-src 'self'). The colours were validated as #rrggbb. */
export function brandStylesheet(ui: Config['ui']): string {
  return `:root { --accent: ${ui.accentColour}; }\n@media (prefers-color-scheme: dark) { :root { --accent: ${ui.accentColourDark}; } }\n`;
}
