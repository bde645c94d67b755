import { Broker } from './broker.js';
import { loadConfig, NAMESRV_DEFAULT_CONFIG } from './config.js';
import { BrokerError } from './errors.js';
import { createRootLogger } from './logger.js';
import { NamesrvFrontEnd } from './protocol/rocket/index.js';

const USAGE = `usage: ferrymq start [--kafka-port N] [--remoting-port N] [--namesrv-port N] [--host H] [--data-dir DIR] [--config FILE] [...]
  Starts a single-node broker (Kafka, RocketMQ broker and NameServer listeners) with its data in DIR (default ./data).
       ferrymq broker --namesrv HOST:PORT[;HOST:PORT] [...]
  The same broker without its own NameServer: it registers with those NameServers every 30 s.
       ferrymq namesrv [--namesrv-port N] [--host H] [--data-dir DIR]
  A RocketMQ NameServer on its own, keeping its KV config in DIR (default ./data/namesrv).
  Every flag also reads from a FERRYMQ_* environment variable (--kafka-port: FERRYMQ_KAFKA_PORT).
  See README.md for the full list.`;

async function start(argv: readonly string[]): Promise<void> {
  const config = loadConfig(argv, process.env);
  const logger = createRootLogger(config.logLevel);
  const broker = new Broker(config, logger);
  const addresses = await broker.start();
  process.stdout.write(
    `ferrymq started\nkafka listening on ${addresses.kafka.host}:${addresses.kafka.port}\n` +
      `rocketmq broker listening on ${addresses.rocket.broker.host}:${addresses.rocket.broker.port}\n` +
      (addresses.rocket.vip === null
        ? ''
        : `rocketmq vip channel listening on ${addresses.rocket.vip.host}:${addresses.rocket.vip.port}\n`) +
      (addresses.rocket.namesrv === null
        ? `registering with NameServers ${config.namesrv}\n`
        : `namesrv listening on ${addresses.rocket.namesrv.host}:${addresses.rocket.namesrv.port}\n`) +
      `data directory ${addresses.dataDir}\n`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    broker.stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  onSignals(shutdown);
}

function onSignals(shutdown: (signal: string) => void): void {
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function startNamesrv(argv: readonly string[]): Promise<void> {
  const config = loadConfig(argv, process.env, NAMESRV_DEFAULT_CONFIG);
  const logger = createRootLogger(config.logLevel);
  const namesrv = new NamesrvFrontEnd(
    {
      host: config.host,
      port: config.namesrvPort,
      maxConnections: config.maxConnections,
      dataDir: config.dataDir,
    },
    logger.child({ component: 'namesrv' }),
  );
  const address = await namesrv.start();
  process.stdout.write(
    `ferrymq namesrv started\nnamesrv listening on ${address.host}:${address.port}\n` +
      `data directory ${config.dataDir}\n`,
  );
  let stopping = false;
  onSignals((signal) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    namesrv.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

export async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === 'start' || command === 'broker') await start(rest);
    else if (command === 'namesrv') await startNamesrv(rest);
    else if (command === '--help' || command === 'help' || command === '-h')
      process.stdout.write(USAGE + '\n');
    else {
      process.stderr.write(
        `${command === undefined ? 'no command given' : `unknown command ${command}`}\n${USAGE}\n`,
      );
      process.exit(2);
    }
  } catch (err) {
    if (err instanceof BrokerError && err.code === 'BRK_ERR_CONFIG_INVALID') {
      process.stderr.write(`ferrymq: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `ferrymq: failed to start: ${err instanceof BrokerError ? `[${err.code}] ` : ''}` +
        `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  }
}

await main(process.argv.slice(2));
