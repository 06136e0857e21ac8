import type { FormRule as Rule } from 'antd';
import { parseIdNumber, parseMobile } from '../../../common/idNumber';
import { t } from '../../locales';

/** The same checks the server makes (domain/idNumber.ts is pure), so messages match exactly. */
export { parseIdNumber, parseMobile };

export const isValidPassword = (v: string) => v.length >= 8 && /[A-Za-z]/.test(v) && /\d/.test(v);

export const rules = {
  required: (label: string): Rule => ({
    required: true,
    whitespace: true,
    message: t.validation.required(label),
  }),
  select: (label: string): Rule => ({ required: true, message: t.validation.select(label) }),
  max: (n: number): Rule => ({ max: n, message: t.validation.maxLength(n) }),
  idNumber: (): Rule => ({
    validator: (_r, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.resolve();
      const r = parseIdNumber(v);
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
    },
  }),
  mobile: (): Rule => ({
    validator: (_r, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.resolve();
      const r = parseMobile(v);
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
    },
  }),
  password: (): Rule => ({
    validator: (_r, v: string | undefined) => {
      if (!v) return Promise.resolve();
      if (v.length < 8) return Promise.reject(new Error(t.validation.passwordMin));
      if (v.length > 128) return Promise.reject(new Error(t.validation.passwordMax));
      if (!/[A-Za-z]/.test(v) || !/\d/.test(v)) return Promise.reject(new Error(t.validation.passwordMix));
      return Promise.resolve();
    },
  }),
  /** The value equals the form's `field` (password confirmation). */
  sameAs:
    (field: string): Rule =>
    ({ getFieldValue }) => ({
      validator: (_r, v: string | undefined) =>
        !v || v === getFieldValue(field)
          ? Promise.resolve()
          : Promise.reject(new Error(t.validation.passwordMismatch)),
    }),
};
