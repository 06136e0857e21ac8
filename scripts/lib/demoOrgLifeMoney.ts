/**
 * The demo park's money over its year: Party dues (computed by the dues rules, paid month by month
 * into the ledger, a few members in arrears, one hardship reduction approved and one exemption
 * waiting) and donation drives (the seed's earthquake donation and special Party dues, closed; a
 * drive still open), each gift with its receipt number as the donations area issues them.
 */
import { inArray } from 'drizzle-orm';
import {
  donationDrives,
  donationEntries,
  duesLedger,
  duesMonths,
  duesReductions,
} from '../../src/server/platform/db/schema/index';
import {
  DUES_RULES,
  addMonthKey,
  applyReduction,
  computeMonthlyDues,
  lastDayOf,
  monthRange,
  monthStart,
} from '../../src/server/areas/dues/rules';
import { defaultReceiptPrefix, receiptNumber } from '../../src/server/areas/donations/rules';
import type { DemoTx } from './demoPart';
import type { Rng } from './demoData';
import { parseYmd } from './demoData';
import {
  addDays,
  at,
  dayIn,
  insertMany,
  type DemoMember,
  type DemoNode,
  type DemoPerson,
  type World,
} from './demoOrgLifeWorld';

// ——— dues ———

const DUES_METHODS = ['wechat', 'wechat', 'transfer', 'cash', 'alipay'] as const;

export async function seedDemoDues(tx: DemoTx, w: World, rng: Rng) {
  const months: (typeof duesMonths.$inferInsert)[] = [];
  const ledger: (typeof duesLedger.$inferInsert)[] = [];
  const reductions: (typeof duesReductions.$inferInsert)[] = [];
  const secretary = w.accounts.get('secretary')!;
  const parkAdmin = w.accounts.get('parkadmin')!;
  const accountPeople = new Set([...w.accounts.values()].map((a) => a.personId));
  const full = w.members.filter((m) => m.status === 'full' && !accountPeople.has(m.personId));
  const today = parseYmd(w.today);

  // Who falls behind (RULES §4): one member six months and more in a row (flagged for handling),
  // one in the secretary's branch two months behind, one a month behind elsewhere.
  const others = full.filter((m) => m.branchId !== w.secretaryBranch.id);
  const ownBranch = full.filter((m) => m.branchId === w.secretaryBranch.id);
  const lapsed = others[others.length - 1];
  const behind = ownBranch[ownBranch.length - 1];
  const late = others[Math.floor(others.length / 2)];
  const unpaidRun = new Map<string, number>();
  if (lapsed) unpaidRun.set(lapsed.personId, DUES_RULES.lapseMonths + 1);
  if (behind) unpaidRun.set(behind.personId, 2);
  if (late && late !== lapsed) unpaidRun.set(late.personId, 1);

  // A hardship reduction approved for six months now ending, and an exemption request waiting.
  const reduced = others.find((m) => !unpaidRun.has(m.personId));
  const reduction = reduced
    ? {
        id: crypto.randomUUID(),
        from: addMonthKey(w.monthKey, -5),
        to: w.monthKey,
        amountFen: 500,
      }
    : null;
  if (reduced && reduction) {
    reductions.push({
      id: reduction.id,
      parkId: w.parkId,
      personId: reduced.personId,
      fromMonth: monthStart(reduction.from),
      toMonth: monthStart(reduction.to),
      kind: 'reduce',
      amountFen: reduction.amountFen,
      reason: '家属重病住院，家庭经济困难，申请减少交纳党费',
      status: 'approved',
      requestedBy: parkAdmin.id,
      requestedByName: parkAdmin.displayName,
      decidedBy: parkAdmin.id,
      decidedByName: parkAdmin.displayName,
      decidedAt: at(`${reduction.from}-03`, '10:00'),
      decisionNote: '经支部委员会研究同意，报党总支批准。',
      createdAt: at(`${addMonthKey(reduction.from, -1)}-25`, '10:00'),
      updatedAt: at(`${reduction.from}-03`, '10:00'),
    });
  }
  const exempted = ownBranch.find((m) => !unpaidRun.has(m.personId));
  if (exempted) {
    reductions.push({
      parkId: w.parkId,
      personId: exempted.personId,
      fromMonth: monthStart(addMonthKey(w.monthKey, 1)),
      toMonth: monthStart(addMonthKey(w.monthKey, 6)),
      kind: 'exempt',
      amountFen: null,
      reason: '长期病休，仅领取基本生活费，申请免交党费',
      status: 'pending',
      requestedBy: secretary.id,
      requestedByName: secretary.displayName,
      createdAt: at(addDays(w.today, -1), '16:00'),
      updatedAt: at(addDays(w.today, -1), '16:00'),
    });
  }

  let payments = 0;
  for (const m of w.members) {
    const first = m.joinedOn.slice(0, 7) > w.months[0]! ? m.joinedOn.slice(0, 7) : w.months[0]!;
    const run = unpaidRun.get(m.personId) ?? 0;
    for (const key of monthRange(first, w.monthKey)) {
      if (m.joinedOn > lastDayOf(key)) continue;
      const c = computeMonthlyDues(m.duesGroup, m.duesBaseFen);
      if (!c.ok) continue;
      const red =
        reduction && m.personId === reduced?.personId && reduction.from <= key && key <= reduction.to
          ? reduction
          : null;
      const dueFen = applyReduction(c.amountFen, red ? { kind: 'reduce', amountFen: red.amountFen } : null);
      months.push({
        parkId: w.parkId,
        personId: m.personId,
        branchId: m.branchId,
        month: monthStart(key),
        duesGroup: c.group,
        baseFen: c.baseFen,
        rateBp: c.rateBp,
        standardFen: c.amountFen,
        reductionId: red?.id ?? null,
        dueFen,
        rule: c.rule,
        computedAt: at(`${key}-01`, '08:00'),
        createdAt: at(`${key}-01`, '08:00'),
      });
      const current = key === w.monthKey;
      const unpaid = run > 0 && key < w.monthKey && key >= addMonthKey(w.monthKey, -run);
      // This month: those who pay early in the month have paid by now.
      const paysNow = current && today.d >= 5 && rng.chance(0.6);
      if (dueFen <= 0 || unpaid || (current && !paysNow)) continue;
      const paidOn = dayIn(key, 3, 15, w.today, (a, b) => rng.int(a, b));
      const byBranch = m.branchId === w.secretaryBranch.id ? secretary : parkAdmin;
      const method = rng.pick(DUES_METHODS);
      ledger.push({
        parkId: w.parkId,
        personId: m.personId,
        month: monthStart(key),
        kind: 'payment',
        amountFen: dueFen,
        paidOn,
        method,
        receiptNo: null,
        note: null,
        recordedBy: byBranch.id,
        recordedByName: byBranch.displayName,
        createdAt: at(paidOn, '17:00'),
      });
      payments += 1;
    }
  }
  await insertMany(tx, duesReductions, reductions);
  await insertMany(tx, duesMonths, months);
  await insertMany(tx, duesLedger, ledger);
  return {
    duesMonths: months.length,
    duesPayments: payments,
    arrears: [...unpaidRun.keys()].length,
    duesFlagged: lapsed ? 1 : 0,
    duesReductions: reductions.length,
  };
}

// ——— donations and special dues ———

type Method = 'cash' | 'wechat' | 'alipay' | 'bankTransfer' | 'other';
const GIFT_METHODS: Method[] = ['wechat', 'wechat', 'cash', 'alipay', 'bankTransfer'];

interface DrivePlan {
  type: 'donation' | 'specialDues';
  title: string;
  purpose: string;
  startsOn: string;
  endsOn: string;
  open: boolean;
  eligible: string[];
}

export async function seedDemoDonations(tx: DemoTx, w: World, rng: Rng) {
  const parkAdmin = w.accounts.get('parkadmin')!;
  const memberOf = new Map(w.members.map((m) => [m.personId, m]));
  const staffById = new Map(w.staff.map((s) => [s.id, s]));
  const quake = addDays(w.today, -200);
  const plans: DrivePlan[] = [
    {
      type: 'donation',
      title: '抗震救灾爱心捐款',
      purpose: '地震发生后，党总支组织发动党员干部、广大师生捐献爱心款，支援灾区恢复重建。',
      startsOn: quake,
      endsOn: addDays(quake, 14),
      open: false,
      eligible: ['staff', 'student', 'member', 'class'],
    },
    {
      type: 'specialDues',
      title: '支援灾区重建特殊党费',
      purpose: '党员自愿交纳“特殊党费”，支援灾区重建，全额上交。',
      startsOn: addDays(quake, 1),
      endsOn: addDays(quake, 21),
      open: false,
      eligible: ['member'],
    },
    {
      type: 'donation',
      title: '“情暖校园”爱心助学捐款',
      purpose: '资助园区家庭经济困难学生完成学业。',
      startsOn: addDays(w.today, -10),
      endsOn: addDays(w.today, 20),
      open: true,
      eligible: ['staff', 'member', 'class'],
    },
  ];
  const drives: (typeof donationDrives.$inferInsert)[] = [];
  const entries: (typeof donationEntries.$inferInsert)[] = [];
  const taken = new Set<string>();
  const studentAccount = w.accounts.get('student');
  const memberAccount = w.accounts.get('member');

  for (const plan of plans) {
    const id = crypto.randomUUID();
    const prefix = defaultReceiptPrefix(plan.type, Number(plan.startsOn.slice(0, 4)), taken);
    taken.add(prefix);
    const lastDay = plan.open ? w.today : plan.endsOn;
    const gifts: Omit<typeof donationEntries.$inferInsert, 'seq' | 'receiptNo' | 'driveId' | 'parkId'>[] = [];
    const when = () => {
      const span = Math.max(0, Math.round((Date.parse(lastDay) - Date.parse(plan.startsOn)) / 86_400_000));
      return addDays(plan.startsOn, rng.int(0, span));
    };
    const personGift = (p: DemoPerson, yuan: number, anonymous = false) => {
      const m: DemoMember | undefined = memberOf.get(p.id);
      const cls = p.kind === 'student' ? p.unitId : null;
      gifts.push({
        donorType: 'person',
        personId: p.id,
        donorName: p.name,
        personKind: p.kind,
        isMember: Boolean(m),
        schoolId: p.schoolId,
        classId: cls,
        branchId: m?.branchId ?? null,
        amountFen: yuan * 100,
        method: rng.pick(GIFT_METHODS),
        givenOn: when(),
        anonymous,
        guardianConsent: false,
        createdBy: parkAdmin.id,
      });
    };
    const classGift = (c: DemoNode, fen: number) =>
      gifts.push({
        donorType: 'class',
        personId: null,
        donorName: c.name,
        personKind: null,
        isMember: false,
        schoolId: c.schoolId,
        classId: c.id,
        branchId: null,
        amountFen: fen,
        method: 'cash',
        givenOn: when(),
        note: '班级集体捐款',
        createdBy: parkAdmin.id,
      });

    if (plan.type === 'specialDues') {
      // Voluntary, never demanded (RULES §4): most members, not all.
      for (const m of w.members) {
        if (m.personId !== memberAccount?.personId && !rng.chance(0.8)) continue;
        const p = staffById.get(m.personId);
        if (p) personGift(p, rng.pick([100, 200, 200, 300, 500, 1000]));
      }
    } else {
      const share = plan.open ? 0.3 : 0.7;
      for (const p of w.staff) {
        if (p.id === memberAccount?.personId || rng.chance(share))
          personGift(p, rng.pick([50, 100, 100, 200, 200, 300, 500]), rng.chance(0.05));
      }
      const classShare = plan.open ? 0.4 : 1;
      for (const c of w.classes) {
        if (!rng.chance(classShare)) continue;
        classGift(c, rng.int(30, 160) * 500);
        if (plan.eligible.includes('student')) {
          for (const s of w.studentsOf.get(c.id) ?? []) {
            if (s.id === studentAccount?.personId || rng.chance(0.04))
              personGift(s, rng.pick([10, 20, 20, 50]));
          }
        }
      }
    }
    // Receipt numbers in the order the gifts came in, as the ledger issued them.
    gifts.sort((a, b) => a.givenOn!.localeCompare(b.givenOn!));
    gifts.forEach((g, i) =>
      entries.push({
        ...g,
        parkId: w.parkId,
        driveId: id,
        seq: i + 1,
        receiptNo: receiptNumber(prefix, i + 1),
        createdAt: at(g.givenOn!, '16:00'),
      }),
    );
    drives.push({
      id,
      parkId: w.parkId,
      type: plan.type,
      title: plan.title,
      purpose: plan.purpose,
      startsOn: plan.startsOn,
      endsOn: plan.endsOn,
      organiserId: w.generalBranch.id,
      eligible: plan.type === 'specialDues' ? ['member'] : plan.eligible,
      // Open while its gifts go in (a trigger refuses gifts to a closed drive); closed below.
      status: 'open',
      publicThanks: true,
      publicAmounts: plan.type === 'donation',
      receiptPrefix: prefix,
      lastReceiptSeq: gifts.length,
      closedAt: plan.open ? null : at(plan.endsOn, '18:00'),
      closedBy: plan.open ? null : parkAdmin.id,
      createdBy: parkAdmin.id,
      createdAt: at(plan.startsOn, '08:30'),
      updatedAt: at(plan.open ? plan.startsOn : plan.endsOn, '18:00'),
    });
  }
  await insertMany(tx, donationDrives, drives);
  await insertMany(tx, donationEntries, entries);
  const closed = plans.flatMap((p, i) => (p.open ? [] : [drives[i]!.id!]));
  if (closed.length)
    await tx.update(donationDrives).set({ status: 'closed' }).where(inArray(donationDrives.id, closed));
  return {
    drives: drives.length,
    drivesOpen: plans.filter((p) => p.open).length,
    gifts: entries.length,
  };
}
