// @ts-check
import tseslint from 'typescript-eslint';

const layerRule = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      '.tmp/**',
      'bench/.build/**',
      'src/protocol/kafka/messages/**',
      'bin/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layer boundaries: a reader goes from socket to segment file by following folder names.
  {
    files: ['src/store/**/*.ts', 'src/model/**/*.ts', 'src/net/**/*.ts'],
    rules: layerRule([
      {
        group: ['**/protocol/**', '**/coordinator/**'],
        message: 'store, model and net never import protocol or coordinator code',
      },
    ]),
  },
  {
    files: ['src/coordinator/**/*.ts'],
    rules: layerRule([{ group: ['**/protocol/**'], message: 'the coordinator never imports protocol code' }]),
  },
  {
    files: ['src/protocol/kafka/**/*.ts'],
    rules: layerRule([
      { group: ['**/rocket/**'], message: 'the two protocol folders never import each other' },
    ]),
  },
  {
    files: ['src/protocol/rocket/**/*.ts'],
    rules: layerRule([
      { group: ['**/kafka/**'], message: 'the two protocol folders never import each other' },
    ]),
  },
  // The RocketMQ client is a library: from the broker it may use only the pure wire codecs (protocol/rocket/codec,
  // minus the store-backed message-codec) and model/, never store, coordinator, net, broker processors or kafka.
  {
    files: ['src/client/**/*.ts'],
    rules: layerRule([
      {
        regex:
          '(^|/)(protocol/(?!rocket/codec/(?!message-codec|heartbeat-body))|store/|coordinator/|net/|kafka/)|^\\.\\./\\.\\./(broker|main|config)\\.js$',
        message: 'src/client imports only protocol/rocket/codec (pure codecs) and model from the broker',
      },
    ]),
  },
);
