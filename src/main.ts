// Production entry point: read configuration, open the database (the embedded SQLite file, or
// MongoDB through MONGODB_URI), serve; on SIGTERM/SIGINT stop accepting and let the accepted requests finish
// (server.shutdownTimeoutSeconds), then close the database.
import { loadConfig } from './config/load.ts';
import { startServer } from './server.ts';

try {
  const config = loadConfig();
  const running = await startServer({ config });
  let stopping = false;
  const stop = async (signal: string) => {
    // A second signal while draining: the operator wants it gone now.
    if (stopping) process.exit(1);
    stopping = true;
    const gracefulMs = config.server.shutdownTimeoutSeconds * 1000;
    running.logger.info({ event: 'server.stopping', signal, gracefulMs }, 'shutting down: finishing the requests already accepted');
    try {
      await running.close(gracefulMs);
    } catch (error) {
      running.logger.error({ event: 'server.stop_failed', err: error }, 'the shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  process.stderr.write(`pingate: ${(error as Error).message}\n`);
  process.exit(1);
}
