/**
 * Kafka codec generator. `npx tsx scripts/codegen/kafka/main.ts` rewrites src/protocol/kafka/messages/;
 * `--check` generates into a temporary directory and exits 1, listing the files, when the committed
 * output differs. `--spec-dir <dir>` (or KAFKA_SPEC_DIR) points at another copy of the schemas.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BANNER_PREFIX, DEFAULT_SPEC_DIR, OUTPUT_DIR, REPO_ROOT, generate } from './generate.js';

/** Committed files in the output folder that the generator owns (they carry its banner). */
function generatedFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(
    (name) => name.endsWith('.ts') && readFileSync(join(dir, name), 'utf8').startsWith(BANNER_PREFIX),
  );
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const specArg = argv.indexOf('--spec-dir');
  const specDir = specArg >= 0 ? argv[specArg + 1] : (process.env.KAFKA_SPEC_DIR ?? DEFAULT_SPEC_DIR);
  if (specDir === undefined) throw new Error('--spec-dir needs a directory');
  const files = await generate(specDir);

  if (check) {
    const temp = mkdtempSync(join(tmpdir(), 'kafka-codegen-'));
    try {
      const differing: string[] = [];
      for (const [name, text] of files) {
        writeFileSync(join(temp, name), text);
        const committed = join(OUTPUT_DIR, name);
        if (!existsSync(committed) || readFileSync(committed, 'utf8') !== text) differing.push(name);
      }
      for (const name of generatedFilesIn(OUTPUT_DIR))
        if (!files.has(name)) differing.push(`${name} (stale)`);
      if (differing.length > 0) {
        console.error(`Generated Kafka codecs differ from ${relative(REPO_ROOT, OUTPUT_DIR)}:`);
        for (const name of differing) console.error(`  ${name}`);
        console.error('Run `npm run codegen` and commit the result.');
        return 1;
      }
      console.log(`Kafka codecs up to date (${files.size} files).`);
      return 0;
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }

  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const name of generatedFilesIn(OUTPUT_DIR)) if (!files.has(name)) rmSync(join(OUTPUT_DIR, name));
  for (const [name, text] of files) writeFileSync(join(OUTPUT_DIR, name), text);
  console.log(`Wrote ${files.size} files to ${relative(REPO_ROOT, OUTPUT_DIR)}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
