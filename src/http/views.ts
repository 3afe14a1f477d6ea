// Server-rendered pages: nunjucks templates from views/, autoescaping on, used both through
// koa-views (ctx.render in routes) and directly by oidc-provider's page hooks.
import path from 'node:path';
import nunjucks from 'nunjucks';
import views from 'koa-views';
import type { Middleware } from 'koa';
import { projectRoot } from '../config/load.ts';

export interface ViewEngine {
  render(name: string, data: Record<string, unknown>): string;
  middleware(): Middleware;
}

export function createViewEngine(viewsDir = path.join(projectRoot, 'views')): ViewEngine {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(viewsDir), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const render = (name: string, data: Record<string, unknown>): string => env.render(name, data);
  return {
    render,
    middleware: () =>
      views(viewsDir, {
        extension: 'njk',
        engineSource: { njk: async (file: string, locals: Record<string, unknown>) => render(path.relative(viewsDir, file), locals) },
      } as never) as Middleware,
  };
}
