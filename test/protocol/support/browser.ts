// A minimal browser for protocol tests: keeps cookies per name, does not follow redirects,
// and sends Host localhost-style requests to the test server's URL.

export interface BrowserResponse {
  readonly status: number;
  readonly location: string | null;
  readonly text: string;
  readonly headers: Headers;
}

export class Browser {
  readonly jar = new Map<string, string>();

  async get(url: string | URL): Promise<BrowserResponse> {
    return this.send(url, { method: 'GET' });
  }

  async postForm(url: string | URL, form: Record<string, string>): Promise<BrowserResponse> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  private async send(url: string | URL, init: RequestInit): Promise<BrowserResponse> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers };
  }
}
