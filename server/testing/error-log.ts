// The server's error log captured for the tests of a file: each line and error it would have
// written, emptied after every test; the real log is put back after the file. Call it after the
// file's own beforeAll, so that only what the tests do is captured.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setErrorLogSink } from '../error-log';

export interface LoggedError {
  line: string;
  error: unknown;
}

export function captureErrorLog(): LoggedError[] {
  const logged: LoggedError[] = [];
  let restore: ReturnType<typeof setErrorLogSink> | null = null;
  beforeAll(() => {
    restore = setErrorLogSink((line, error) => logged.push({ line, error }));
  });
  afterEach(() => {
    logged.length = 0;
  });
  afterAll(() => {
    if (restore) setErrorLogSink(restore);
  });
  return logged;
}
