// Serves the few static files the pages use (a stylesheet, small scripts) from views/static, the
// brand stylesheet made from ui.accentColour*, and the logo of ui.logoFile. Scripts are files,
// never inline, so the pages' CSP stays script-src 'self'.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import { projectRoot } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { brandStylesheet } from './brand.ts';

const files: Readonly<Record<string, string>> = {
  '/static/pingate.css': 'text/css; charset=utf-8',
  '/static/auto-submit.js': 'text/javascript; charset=utf-8',
  '/static/countdown.js': 'text/javascript; charset=utf-8',
  '/static/copy.js': 'text/javascript; charset=utf-8',
};

const logoTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

function readLogo(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`ui.logoFile: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The logo's content type, or why it cannot be served (checked when the app is built). */
export function logoType(file: string): string {
  const type = logoTypes[path.extname(file).toLowerCase()];
  if (!type) throw new Error(`ui.logoFile must be a .png, .svg, .jpg or .webp file: ${file}`);
  return type;
}

export function staticFiles(ui: Config['ui'], dir = path.join(projectRoot, 'views', 'static')): Middleware {
  const cache = new Map<string, { type: string; body: Buffer | string }>();
  cache.set('/static/brand.css', { type: 'text/css; charset=utf-8', body: brandStylesheet(ui) });
  // Read once at start: a missing or unreadable logo stops the start with its path.
  if (ui.logoFile) cache.set('/static/brand-logo', { type: logoType(ui.logoFile), body: readLogo(path.resolve(projectRoot, ui.logoFile)) });
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    let entry = cache.get(ctx.path);
    if (!entry) {
      if (files[ctx.path]) entry = { type: files[ctx.path]!, body: await readFile(path.join(dir, path.basename(ctx.path))) };
      else return next();
      cache.set(ctx.path, entry);
    }
    ctx.type = entry.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    // An SVG logo opened on its own runs no script.
    if (ctx.path === '/static/brand-logo') ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.body = entry.body;
  };
}
