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
);
