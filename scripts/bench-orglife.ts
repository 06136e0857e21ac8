/**
 * `npm run bench:orglife [-- --members 5000 --cards 500]`
 *
 * Prints (does not assert) the figures issue 4 §8 asks for, each beside its target:
 *   1. the month's political-birthday roster over 5,000 members, through the real endpoint
 *      (GET /api/orglife/birthdays/roster as the park administrator), p50/p95 (target ≤ 100 ms);
 *      then the same roster query without HTTP, and both in CPU time, so that what the HTTP layer
 *      adds (session, validation, presenter, response serialization) shows even when other work
 *      loads the machine and wall times swing;
 *   2. one birthday card, PNG and PDF (target ≤ 500 ms each);
 *   3. a month's batch of 500 cards as one PDF through the job (progress printed as it runs;
 *      target ≤ 60 s).
 * The database is an in-memory PGlite made for the run.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app';
import { hashPassword } from '../src/server/areas/auth/passwords';
import { createPark } from '../src/server/areas/auth/bootstrap';
import { loadConfig } from '../src/server/config';
import { systemContext } from '../src/server/context';
import { openPglite } from '../src/server/platform/db/client';
import {
  accounts,
  cardBatches,
  memberships,
  orgNodes,
  people,
  roleAssignments,
} from '../src/server/platform/db/schema/index';
import { childPath } from '../src/common/orgTree';
import { todayInShanghai } from '../src/common/dates';
import { createFieldCipher } from '../src/server/platform/crypto';
import { renderBirthdayCardPdf, renderBirthdayCardPng } from '../src/server/areas/orgLife/cardRender';
import { loadSession } from '../src/server/areas/auth/sessions';
import { startCardBatch } from '../src/server/areas/orgLife/commands/startCardBatch';
import { getCardBatch } from '../src/server/areas/orgLife/queries/cards';
import { queryRoster } from '../src/server/areas/orgLife/queries/birthdays';
import { eq } from 'drizzle-orm';

const TARGETS = { rosterMs: 100, cardMs: 500, batchS: 60 };
const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '5000' },
    cards: { type: 'string', default: '500' },
    requests: { type: 'string', default: '50' },
  },
});
const MEMBERS = Number(args.members);
const CARDS = Number(args.cards);
const REQUESTS = Number(args.requests);
const Y = Number(todayInShanghai().slice(0, 4));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬辉鹏飞斌宇浩凯健俊帆帅旭宁亮晨欣怡佳琪';

async function main() {
  console.log(`orgLife benchmark: ${MEMBERS} members, ${CARDS} cards in one batch (PGlite in memory)\n`);
  const database = await openPglite(undefined);
  await database.migrate();
  const db = database.db;

  // A park with two schools of five branches each; members spread over the months so that one
  // month holds CARDS of them.
  const { parkId, generalBranchId } = await createPark(db, '基准园区');
  const [parkNode] = await db.select().from(orgNodes).where(eq(orgNodes.id, parkId));
  const gbPath = childPath(parkNode!.path, generalBranchId);
  const branches: { id: string; schoolId: string; deptId: string }[] = [];
  for (let s = 0; s < 2; s++) {
    const schoolId = crypto.randomUUID();
    const schoolPath = childPath(gbPath, schoolId);
    await db.insert(orgNodes).values({
      id: schoolId,
      parkId,
      parentId: generalBranchId,
      kind: 'school',
      name: `学校${s + 1}`,
      path: schoolPath,
      schoolId,
    });
    const deptId = crypto.randomUUID();
    await db.insert(orgNodes).values({
      id: deptId,
      parkId,
      parentId: schoolId,
      kind: 'department',
      name: `学校${s + 1}办公室`,
      path: childPath(schoolPath, deptId),
      schoolId,
    });
    for (let b = 0; b < 5; b++) {
      const id = crypto.randomUUID();
      await db.insert(orgNodes).values({
        id,
        parkId,
        parentId: schoolId,
        kind: 'branch',
        name: `学校${s + 1}第${b + 1}党支部`,
        path: childPath(schoolPath, id),
        schoolId,
      });
      branches.push({ id, schoolId, deptId });
    }
  }
  const t0 = performance.now();
  const others = Math.max(0, MEMBERS - CARDS);
  for (let i = 0; i < MEMBERS; i += 500) {
    const peopleRows = [];
    const memberRows = [];
    for (let j = i; j < Math.min(MEMBERS, i + 500); j++) {
      const br = branches[j % branches.length]!;
      const id = crypto.randomUUID();
      // The first CARDS members join in March; the rest in the other eleven months.
      const month = j < CARDS ? 3 : [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12][(j - CARDS) % 11]!;
      const joinedYear = 1985 + (j % 38);
      const joinedOn = `${joinedYear}-${String(month).padStart(2, '0')}-${String(1 + (j % 28)).padStart(2, '0')}`;
      peopleRows.push({
        id,
        parkId,
        kind: 'staff',
        number: `T${String(j).padStart(6, '0')}`,
        name:
          SURNAMES[j % SURNAMES.length]! +
          GIVEN[(j * 7) % GIVEN.length]! +
          (j % 3 ? GIVEN[(j * 13) % GIVEN.length]! : ''),
        schoolId: br.schoolId,
        unitId: br.deptId,
      });
      memberRows.push({
        parkId,
        personId: id,
        status: 'full',
        branchId: br.id,
        joinedOn,
        fullOn: `${joinedYear + 1}-${joinedOn.slice(5)}`,
        duesBaseFen: 500000,
      });
    }
    await db.insert(people).values(peopleRows);
    await db.insert(memberships).values(memberRows);
  }
  console.log(
    `seeded ${MEMBERS} members (${CARDS} in March, ${others} in other months) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const [acct] = await db
    .insert(accounts)
    .values({
      parkId,
      username: 'benchadmin',
      displayName: '基准管理员',
      passwordHash: await hashPassword('Bench12345'),
    })
    .returning();
  await db
    .insert(roleAssignments)
    .values({ parkId, accountId: acct!.id, role: 'parkAdmin', scopeNodeId: parkId });

  const config = loadConfig({ DATA_DIR: '.bench-unused', LOG_LEVEL: 'silent' });
  const app = await buildApp(
    { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
    { logger: false },
  );
  await app.ready();
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'benchadmin', password: 'Bench12345' },
  });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

  // 1. Roster: through the API; then the same query alone (same months, same actor).
  const actor = (await loadSession(db, login.cookies.find((c) => c.name === 'sid')!.value))!.actor;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let size = 0;
  for (let i = 0; i < REQUESTS + 5; i++) {
    const start = performance.now();
    const cpu = cpuMs();
    const res = await app.inject({
      method: 'GET',
      url: `/api/orglife/birthdays/roster?year=${Y}&month=${(i % 12) + 1}`,
      headers: { cookie },
    });
    const took = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`roster: ${res.statusCode} ${res.body}`);
    if (i >= 5) times.push(took); // warm-up excluded
    if (i >= 5) cpuTimes.push(cpuMs() - cpu);
    if (i % 12 === 2) size = res.json().total;
  }
  const queryTimes: number[] = [];
  const queryCpuTimes: number[] = [];
  for (let i = 0; i < REQUESTS + 5; i++) {
    const start = performance.now();
    const cpu = cpuMs();
    await queryRoster(db, actor, { year: Y, month: (i % 12) + 1 });
    if (i >= 5) queryTimes.push(performance.now() - start);
    if (i >= 5) queryCpuTimes.push(cpuMs() - cpu);
  }
  const p50 = pct(times, 50);
  const p95 = pct(times, 95);
  console.log(
    `\n1. month roster over ${MEMBERS} members (March: ${size} on it), ${REQUESTS} requests through the API:`,
  );
  console.log(
    `   p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(Math.max(...times))}  — target ≤ ${TARGETS.rosterMs} ms: ${verdict(p95 <= TARGETS.rosterMs)}`,
  );
  console.log(
    `   the roster query alone (no HTTP): p50 ${ms(pct(queryTimes, 50))}, p95 ${ms(pct(queryTimes, 95))}`,
  );
  console.log(
    `   CPU time p50: through the API ${ms(pct(cpuTimes, 50))}, the query alone ${ms(pct(queryCpuTimes, 50))}`,
  );

  // 2. One card.
  const card = {
    name: '张晓明',
    joinedOn: '2010-03-15',
    birthdayOn: `${Y}-03-15`,
    years: Y - 2010,
    message: '不忘入党初心，牢记党员身份。祝您政治生日快乐，在岗位上继续发挥先锋模范作用！',
    signature: '中共学校1第1党支部',
  };
  const pngTimes: number[] = [];
  const pdfTimes: number[] = [];
  renderBirthdayCardPng(card);
  await renderBirthdayCardPdf(card);
  for (let i = 0; i < 5; i++) {
    let s = performance.now();
    renderBirthdayCardPng(card);
    pngTimes.push(performance.now() - s);
    s = performance.now();
    await renderBirthdayCardPdf(card);
    pdfTimes.push(performance.now() - s);
  }
  console.log(`\n2. one card (median of 5, after one warm-up):`);
  console.log(
    `   PNG ${ms(pct(pngTimes, 50))}, PDF ${ms(pct(pdfTimes, 50))}  — target ≤ ${TARGETS.cardMs} ms: ${verdict(Math.max(pct(pngTimes, 50), pct(pdfTimes, 50)) <= TARGETS.cardMs)}`,
  );
  const cold = await app.inject({
    method: 'GET',
    url: `/api/orglife/cards/${(await db.select({ id: memberships.personId }).from(memberships).limit(1))[0]!.id}?year=${Y}&format=png`,
    headers: { cookie },
  });
  console.log(`   (through the API: ${cold.statusCode}, ${cold.rawPayload.length} bytes)`);

  // 3. A month's batch.
  console.log(
    `\n3. ${size} cards of March as one PDF, through the job (progress as a client polling GET would see it):`,
  );
  const started = performance.now();
  const job = await startCardBatch(db, systemContext('bench'), actor, { year: Y, month: 3 });
  let last = -1;
  for (;;) {
    const b = await getCardBatch(db, actor, job.id);
    if (b.done !== last) {
      console.log(
        `   ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${b.status.padEnd(7)} ${String(b.done).padStart(4)}/${b.total} (${b.percent}%)`,
      );
      last = b.done;
    }
    if (b.status === 'done' || b.status === 'failed') {
      if (b.status === 'failed') console.log(`   failed: ${b.error}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const took = (performance.now() - started) / 1000;
  const [row] = await db
    .select({ size: cardBatches.pdfSize })
    .from(cardBatches)
    .where(eq(cardBatches.id, job.id));
  console.log(
    `   ${took.toFixed(1)} s, PDF ${((row?.size ?? 0) / 1024 / 1024).toFixed(2)} MB  — target ≤ ${TARGETS.batchS} s: ${verdict(took <= TARGETS.batchS)}`,
  );

  await app.close();
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
