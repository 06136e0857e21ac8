import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', SESSION_TTL_HOURS: 12 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable in one clear message', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*ADMIN_PASSWORD/,
    );
  });

  it('accepts a PostgreSQL URL and an encryption key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', ENCRYPTION_KEY: key });
    expect(c.DATABASE_URL).toBe('postgres://u@h:5432/db');
    expect(c.ENCRYPTION_KEY).toBe(key);
  });
});
