// Serves the few static files the pages use (a stylesheet, one script) from views/static.
// Scripts are files, never inline, so the pages' CSP stays script-src 'self'.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import { projectRoot } from '../config/load.ts';

const files: Readonly<Record<string, string>> = {
  '/static/pingate.css': 'text/css; charset=utf-8',
  '/static/auto-submit.js': 'text/javascript; charset=utf-8',
};

export function staticFiles(dir = path.join(projectRoot, 'views', 'static')): Middleware {
  const cache = new Map<string, Buffer>();
  return async (ctx, next) => {
    const type = files[ctx.path];
    if (!type || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    let body = cache.get(ctx.path);
    if (!body) {
      body = await readFile(path.join(dir, path.basename(ctx.path)));
      cache.set(ctx.path, body);
    }
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = body;
  };
}
