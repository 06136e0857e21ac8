import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, loadMasterKey, maskIdNumber, maskPhone } from './crypto';

describe('field cipher', () => {
  const cipher = createFieldCipher(crypto.randomBytes(32));

  it('round-trips and never stores the clear value', () => {
    const stored = cipher.encrypt('310101199001011234');
    expect(stored).not.toContain('310101199001011234');
    expect(cipher.decrypt(stored)).toBe('310101199001011234');
    expect(cipher.encrypt('310101199001011234')).not.toBe(stored); // random IV
  });

  it('detects tampering', () => {
    const stored = cipher.encrypt('13812345678');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt('v1:' + raw.toString('base64'))).toThrow();
  });

  it('gives a stable, case-insensitive blind index that differs per key', () => {
    expect(cipher.blindIndex('11010519491231002x')).toBe(cipher.blindIndex('11010519491231002X'));
    expect(createFieldCipher(crypto.randomBytes(32)).blindIndex('a')).not.toBe(cipher.blindIndex('a'));
  });
});

describe('masking', () => {
  it('keeps the first and last four digits of an ID number', () => {
    expect(maskIdNumber('310101199001011234')).toBe('3101**********1234');
  });
  it('keeps the first three and last four digits of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('master key', () => {
  it('is generated once into the data directory, private, and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-key-'));
    const first = loadMasterKey(dir);
    expect(first.length).toBe(32);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o077).toBe(0);
    expect(loadMasterKey(dir).equals(first)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
