/** The ferrymq package's public API: the RocketMQ remoting client (`src/client/rocket/`). */
export * from './client/rocket/index.js';
