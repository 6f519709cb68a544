// ESLint configuration for the speed comparison: only the two rules toasty's complexity metrics mirror.
import sonarjs from 'eslint-plugin-sonarjs';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { sonarjs },
    rules: { complexity: ['error', 0], 'sonarjs/cognitive-complexity': ['error', 0] },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { sonarjs },
    rules: { complexity: ['error', 0], 'sonarjs/cognitive-complexity': ['error', 0] },
  },
];
