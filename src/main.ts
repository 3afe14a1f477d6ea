// Production entry point: read configuration, open the database (the embedded SQLite file, or
// MongoDB through MONGODB_URI), serve; stop cleanly on SIGTERM/SIGINT so in-flight sign-ins finish.
import { loadConfig } from './config/load.ts';
import { startServer } from './server.ts';

try {
  const config = loadConfig();
  const running = await startServer({ config });
  const stop = async (signal: string) => {
    running.logger.info({ event: 'server.stopping', signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  process.stderr.write(`pingate: ${(error as Error).message}\n`);
  process.exit(1);
}
