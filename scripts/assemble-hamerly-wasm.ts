import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

/** The kernel's WebAssembly text, in the source tree (not copied to dist/). */
export const hamerlyWatUrl = new URL('../../core/clustering/hamerly-kernel.wat', import.meta.url);
const generatedUrl = new URL('../../core/clustering/hamerly-wasm.ts', import.meta.url);

/** Assembles WebAssembly text (SIMD enabled) into validated binary bytes. */
export async function assembleWat(name: string, source: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const parsed = toolkit.parseWat(name, source, { simd: true });
  try {
    parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}

/** The committed TypeScript module that ships the bytes, so installs need no assembler. */
export function hamerlyWasmModule(bytes: Uint8Array): string {
  return `// Generated from hamerly-kernel.wat by scripts/assemble-hamerly-wasm.ts (npm run build:wasm): do not edit.

/** The assembled k-means chunk kernel (WebAssembly with SIMD). */
export const hamerlyWasm: Uint8Array = Buffer.from(
  '${Buffer.from(bytes).toString('base64')}',
  'base64',
);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await assembleWat('hamerly-kernel.wat', await readFile(hamerlyWatUrl, 'utf8'));
  await writeFile(generatedUrl, hamerlyWasmModule(bytes));
  process.stdout.write(`hamerly-wasm.ts: ${bytes.length} bytes of WebAssembly\n`);
}
