// `npm run dev`: the provider on http://localhost:3000 with the embedded SQLite database (one
// file in ./data unless MONGODB_URI is set), the demo relying party under /demo and a demo account.
import qrcode from 'qrcode-terminal';
import { loadConfig } from './config/load.ts';
import { DEMO_ADMIN_GROUP, seedDemo } from './dev/seed-demo.ts';
import { startServer } from './server.ts';

try {
  // The demo account is an administrator of the helpdesk console (its group, DEMO_ADMIN_GROUP),
  // unless the configuration names console groups of its own.
  // Log lines for people (pino-pretty).
  const overrides = { demo: { enabled: true }, logging: { pretty: true } };
  const configured = loadConfig({ overrides });
  const config = configured.console.adminGroups.length || configured.console.helpdeskGroups.length
    ? configured
    : loadConfig({ overrides: { ...overrides, console: { adminGroups: [DEMO_ADMIN_GROUP] } } });
  const running = await startServer({ config });
  const demo = await seedDemo(running.app.admin, config.issuer);
  const { storage } = running.app;

  const out = process.stdout;
  out.write(`\nPingate is running at ${config.issuer}  (database: ${storage.kind === 'sqlite' ? `embedded SQLite, ${storage.location}` : `MongoDB at ${storage.location}`})\n\n`);
  out.write(`Demo application:  ${new URL('/demo', config.issuer).href}  (press "Sign in")\n`);
  out.write(`Start a sign-in:   ${new URL('/demo/login', config.issuer).href}  (an authorization request with PKCE)\n`);
  out.write(`Self-service:      ${new URL('/self-service', config.issuer).href}\n`);
  out.write(`Helpdesk console:  ${new URL('/console', config.issuer).href}  (the demo account is an administrator there)\n`);
  out.write(`Username:          ${demo.username}\nPIN:               ${demo.pin}\n`);
  out.write(`TOTP secret:       ${demo.totpSecret}\notpauth URI:       ${demo.otpauthUri}\n`);
  out.write(`Discovery:         ${new URL('/.well-known/openid-configuration', config.issuer).href}\n\n`);
  out.write('Scan this with an authenticator app (or use the secret above):\n');
  qrcode.generate(demo.otpauthUri, { small: true }, (code) => out.write(`${code}\n`));

  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (error) {
  process.stderr.write(`pingate dev: ${(error as Error).message}\n`);
  process.exit(1);
}
