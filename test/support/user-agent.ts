// A minimal browser for HTTP-level tests: a cookie jar (name + path), manual redirects that
// are followed while they stay on the provider, and HTML form reading for our own pages.
export interface Page {
  readonly status: number;
  readonly url: string;
  readonly html: string;
  readonly headers: Headers;
  /** Set when a redirect left the provider's origin (e.g. to the client's redirect_uri). */
  readonly leftTo: string | null;
}

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export class UserAgent {
  private readonly jar = new Map<string, Cookie>();
  private readonly origin: string;
  private readonly extraHeaders: Record<string, string>;

  /** `headers` go with every request (e.g. an X-Forwarded-For a proxy would add). */
  constructor(origin: string, headers: Record<string, string> = {}) {
    this.origin = new URL(origin).origin;
    this.extraHeaders = headers;
  }

  async get(url: string): Promise<Page> {
    return this.navigate('GET', url);
  }

  async post(url: string, form: Record<string, string>): Promise<Page> {
    return this.navigate('POST', url, form);
  }

  /** Posts a form body exactly as given (repeated or bracketed fields, say). */
  async postRaw(url: string, body: string): Promise<Page> {
    return this.navigate('POST', url, undefined, body);
  }

  /** The value of a cookie the provider set, if any (first match by name). */
  cookieValue(name: string): string | null {
    return [...this.jar.values()].find((c) => c.name === name)?.value ?? null;
  }

  /** Fills and submits the first form of `page` whose action matches, keeping its hidden fields. */
  async submit(page: Page, fields: Record<string, string>, actionSuffix = ''): Promise<Page> {
    const form = readForms(page.html).find((f) => f.action.endsWith(actionSuffix));
    if (!form) throw new Error(`no form${actionSuffix ? ` ending ${actionSuffix}` : ''} on ${page.url}: ${page.html.slice(0, 300)}`);
    return this.post(new URL(form.action, page.url).href, { ...form.hidden, ...fields });
  }

  private async navigate(method: 'GET' | 'POST', url: string, form?: Record<string, string>, raw?: string): Promise<Page> {
    let current = url;
    let currentMethod = method;
    let body: string | undefined = raw ?? (form ? new URLSearchParams(form).toString() : undefined);
    for (let hop = 0; hop < 20; hop++) {
      const target = new URL(current);
      const response = await fetch(target, {
        method: currentMethod,
        redirect: 'manual',
        headers: {
          ...this.extraHeaders,
          cookie: this.cookieHeader(target),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          accept: 'text/html',
        },
        ...(body ? { body } : {}),
      });
      this.store(response.headers.getSetCookie(), target);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, target);
        await response.arrayBuffer();
        if (next.origin !== this.origin) {
          return { status: response.status, url: current, html: '', headers: response.headers, leftTo: next.href };
        }
        current = next.href;
        currentMethod = 'GET';
        body = undefined;
        continue;
      }
      return { status: response.status, url: current, html: await response.text(), headers: response.headers, leftTo: null };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private cookieHeader(url: URL): string {
    return [...this.jar.values()]
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(setCookies: string[], url: URL): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, val = ''] = attribute.trim().split('=');
        if (key!.toLowerCase() === 'path') path = val;
        if (key!.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key!.toLowerCase() === 'expires' && Date.parse(val) < Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.jar.delete(key);
      else this.jar.set(key, { name, value, path });
    }
    void url;
  }
}

export interface FormInfo {
  readonly action: string;
  readonly hidden: Record<string, string>;
}

export function readForms(html: string): FormInfo[] {
  const forms: FormInfo[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /action="([^"]*)"/.exec(match[1]!)?.[1] ?? '';
    const hidden: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) hidden[name] = decodeEntities(value);
    }
    forms.push({ action: decodeEntities(action), hidden });
  }
  return forms;
}

const decodeEntities = (s: string): string =>
  s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
