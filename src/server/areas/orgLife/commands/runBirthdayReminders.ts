import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { audit } from '../../../platform/audit';
import { systemContext } from '../../../context';
import { todayInShanghai } from '../../../../common/dates';
import { monthsInWindow, upcomingBirthday } from '../rules/birthdays';
import { notify } from '../../notifications/service';
import { MEMBER_COLUMNS, MEMBER_FROM, toMember } from '../../members/memberRecords';
import { currentConfig } from '../config';

/**
 * The week-ahead reminder (RULES §7 practice; days from the park's config): a console notification
 * to the member's own account and to every account holding branchSecretary over their branch.
 * Idempotent: one notification per account and birthday (dedupeKey), so it can run every hour.
 * Returns how many notifications were sent.
 */
export async function runBirthdayReminders(db: Db, today: string = todayInShanghai()) {
  const parks = await queryRows<{ park_id: string }>(db, sql`select distinct park_id from memberships`);
  let sent = 0;
  let members = 0;
  for (const { park_id: parkId } of parks) {
    const { config } = await currentConfig(db, parkId);
    const days = config.birthday.reminderDaysAhead;
    const months = monthsInWindow(today, days).map((m) => m.month);
    const rows = await queryRows<Parameters<typeof toMember>[0]>(
      db,
      sql`select ${MEMBER_COLUMNS} from ${MEMBER_FROM}
          where memberships.park_id = ${parkId} and people.status = 'active'
            and extract(month from memberships.joined_on) in (${sql.join(
              months.map((m) => sql`${m}`),
              sql`, `,
            )})`,
    );
    const due = rows.map(toMember).flatMap((m) => {
      const b = upcomingBirthday(m.joinedOn, today, days);
      return b ? [{ m, b }] : [];
    });
    if (!due.length) continue;
    await db.transaction(async (tx) => {
      let parkSent = 0;
      for (const { m, b } of due) {
        const [own, secretaries] = await Promise.all([
          queryRows<{ id: string }>(
            tx,
            sql`select id from accounts where person_id = ${m.id} and park_id = ${parkId} and disabled_at is null`,
          ),
          queryRows<{ id: string }>(
            tx,
            sql`select a.id from role_assignments r join accounts a on a.id = r.account_id
                where r.role = 'branchSecretary' and r.scope_node_id = ${m.branchId} and a.disabled_at is null`,
          ),
        ]);
        const md = `${Number(b.on.slice(5, 7))}月${Number(b.on.slice(8, 10))}日`;
        const dedupeKey = `orgLife.birthday:${m.id}:${b.on}`;
        const link = `/admin/orglife/birthdays?year=${b.on.slice(0, 4)}&month=${Number(b.on.slice(5, 7))}`;
        parkSent += await notify(tx, {
          parkId,
          accountIds: own.map((a) => a.id),
          kind: 'orgLife.birthdayReminder',
          title: `${md}是您的第 ${b.years} 个政治生日`,
          body: `您于${m.joinedOn}入党，${md}迎来第 ${b.years} 个政治生日。请准备一年的思想汇报、下一年的目标和一条合理化建议。`,
          link: '/admin/orglife/me',
          dedupeKey,
          email: true,
        });
        parkSent += await notify(tx, {
          parkId,
          accountIds: secretaries.map((a) => a.id).filter((id) => !own.some((o) => o.id === id)),
          kind: 'orgLife.birthdayReminder',
          title: `${m.name}的政治生日：${md}（第 ${b.years} 个）`,
          body: `${m.branchName}党员${m.name}将于${md}迎来第 ${b.years} 个政治生日，请安排座谈会、贺卡和红色书籍。`,
          link,
          dedupeKey,
          email: true,
        });
      }
      if (parkSent > 0) {
        await audit(tx, systemContext('job:birthdayReminders'), {
          parkId,
          action: 'orgLife.birthdayReminder.send',
          entityType: 'politicalBirthday',
          after: {
            today,
            daysAhead: days,
            members: due.map((d) => ({ personId: d.m.id, on: d.b.on })),
            sent: parkSent,
          },
        });
      }
      sent += parkSent;
    });
    members += due.length;
  }
  return { today, members, sent };
}
