/**
 * Generators for plausible demo people: Chinese names, valid 18-digit ID numbers, mainland mobile
 * numbers, dates. Deterministic for a given seed, so two runs of `npm run seed:demo` build the same
 * park. Pure: no IO.
 */
import { idCheckChar } from '../../src/common/idNumber';

/** mulberry32: a small, fast, seedable PRNG. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const z = (this.next() + this.next() + this.next() - 1.5) / 1.5;
    return Math.max(min, Math.min(max, Math.round(mean + z * spread)));
  }
}

// ---------------------------------------------------------------------------------------------
// Names

/** The most common surnames, roughly in order of frequency (a few compound ones at the end). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛'];
const SURNAME_WEIGHTS: [string, number][] = [
  ...[...SURNAMES].map((s, i) => [s, 100 / (i + 8)] as [string, number]),
  ...COMPOUND_SURNAMES.map((s) => [s, 0.3] as [string, number]),
];

const MALE_CHARS =
  '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林博文晨阳轩睿泽然皓豪航嘉铭远家毅峰建国志新海东亮成祥正荣立德世兴福春永瑞安康诚振子一天';
const FEMALE_CHARS =
  '芳娜敏静丽艳娟霞燕玲婷雪慧琳颖倩洁欣怡佳悦涵彤萱琪雯梦婧晶媛璐瑶蕾诗雨思可馨语嘉一子紫依晓春红梅兰凤英秀玉珍月若薇清';

export type Gender = 'male' | 'female';

export function surname(rng: Rng): string {
  return rng.weighted(SURNAME_WEIGHTS);
}

export function givenName(rng: Rng, gender: Gender): string {
  const chars = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
  const first = rng.pick([...chars]);
  if (rng.chance(0.22)) return first;
  let second = rng.pick([...chars]);
  while (second === first && rng.chance(0.8)) second = rng.pick([...chars]);
  return first + second;
}

export function personName(rng: Rng, gender: Gender, family = surname(rng)): string {
  return family + givenName(rng, gender);
}

export function ethnicity(rng: Rng): string {
  return rng.weighted([
    ['汉族', 92],
    ['畲族', 2],
    ['回族', 1.5],
    ['满族', 1.2],
    ['土家族', 1],
    ['苗族', 0.8],
    ['壮族', 0.8],
    ['蒙古族', 0.5],
    ['彝族', 0.2],
  ] as const);
}

// ---------------------------------------------------------------------------------------------
// Dates ('YYYY-MM-DD', calendar days; month arithmetic lives in src/common/dates.ts)

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parseYmd(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parseYmd(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A uniformly chosen day in [from, to]. */
export function dayBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(from + 'T00:00:00Z');
  const b = Date.parse(to + 'T00:00:00Z');
  const t = a + rng.int(0, Math.max(0, Math.round((b - a) / 86_400_000))) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// ID and mobile numbers

/** County-level codes of one prefecture (湖州市), where the demo park's people come from. */
export const HOME_REGIONS = ['330502', '330503', '330521', '330522', '330523', '330501', '330102', '330106'];

/**
 * A valid 18-digit ID number for the birth date and gender: region, birth date, sequence (odd for
 * men, even for women), GB 11643 check character. `used` keeps numbers unique.
 */
export function idNumber(
  rng: Rng,
  birthDate: string,
  gender: Gender,
  used: Set<string>,
  regions: readonly string[] = HOME_REGIONS,
): string {
  const born = birthDate.replaceAll('-', '');
  for (;;) {
    let seq = rng.int(0, 999);
    if ((seq % 2 === 1) !== (gender === 'male')) seq = (seq + 1) % 1000;
    const first17 = rng.pick(regions) + born + pad(seq, 3);
    const id = first17 + idCheckChar(first17);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
}
