import { readFile } from 'node:fs/promises';
import { ZodError } from 'zod';
import { UsageError } from './usage-error.js';

/**
 * Reads a JSON file given on the command line and validates it; every problem
 * becomes a UsageError naming the file and the field. `pathPrefix` leading
 * path segments are dropped from field names (a schema that wraps the file's
 * content in an envelope).
 */
export async function readJsonFile<T>(path: string, what: string, parse: (value: unknown) => T, pathPrefix = 0): Promise<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parse(parsed);
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      throw new UsageError(`${what} ${path}: ${issue.path.slice(pathPrefix).join('.') || '(root)'}: ${issue.message}`);
    }
    throw error;
  }
}
