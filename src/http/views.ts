// Server-rendered pages: nunjucks templates from views/ (after ui.templatesDir, when set, so an
// operator can replace any template by one of the same name), autoescaping on, used both through
// koa-views (ctx.render in routes) and directly by oidc-provider's page hooks (page()). Both
// give the template the page locals of ctx.state (page-language.ts): t, lang, dir, brand.
import { existsSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import views from 'koa-views';
import type { Context, Middleware } from 'koa';
import { projectRoot } from '../config/load.ts';

export interface ViewEngine {
  render(name: string, data: Record<string, unknown>): string;
  /** A page for this request: its locals (language, brand) and `data`. */
  page(ctx: Context, name: string, data: Record<string, unknown>): string;
  middleware(): Middleware;
}

export const defaultViewsDir = path.join(projectRoot, 'views');

/** ui.templatesDir as a folder (relative paths from the project folder, as dataDir); a missing
 * one stops the start rather than being silently ignored. */
export function templatesFolder(dir: string): string {
  const folder = path.resolve(projectRoot, dir);
  if (!existsSync(folder)) throw new Error(`ui.templatesDir: no folder ${folder}`);
  return folder;
}

export function createViewEngine(overrideDir = '', viewsDir = defaultViewsDir): ViewEngine {
  const searchPaths = overrideDir ? [templatesFolder(overrideDir), viewsDir] : [viewsDir];
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const render = (name: string, data: Record<string, unknown>): string => env.render(name, data);
  return {
    render,
    page: (ctx, name, data) => render(name, { ...ctx.state, ...data }),
    middleware: () =>
      views(viewsDir, {
        extension: 'njk',
        engineSource: { njk: async (file: string, locals: Record<string, unknown>) => render(path.relative(viewsDir, file), locals) },
      } as never) as Middleware,
  };
}
