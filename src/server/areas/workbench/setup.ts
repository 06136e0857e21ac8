import { sql } from 'drizzle-orm';
import type { Actor } from '../../access/actor';
import { rolesReaching, rolesWith } from '../../access/roles';
import { reachesPark } from '../../access/scope';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import type { SetupChecklistView, SetupStepView } from '../../../common/contracts/workbench';

/**
 * The park's setup checklist (shown to whoever sets the park up: org.write over the park). Every
 * step is judged from the data, never ticked by hand, so it is right after an import, a restore or
 * work done elsewhere; the console hides it once every step is done and can reopen it.
 */
export async function setupChecklist(db: Db, actor: Actor): Promise<SetupChecklistView | null> {
  if (!reachesPark(actor, 'org.write')) return null;
  const secretaryRoles = rolesReaching('members.write', 'branch');
  const editorRoles = rolesWith('portal.edit');
  const roleList = (roles: string[]) =>
    roles.length
      ? sql.join(
          roles.map((r) => sql`${r}`),
          sql`, `,
        )
      : sql`null`;
  const [f] = await queryRows<{
    schools: number;
    branches: number;
    staff: number;
    students: number;
    secretaries: number;
    editors: number;
    settings: boolean;
    hero: boolean;
    logo: boolean;
    music: boolean;
    published: number;
  }>(
    db,
    sql`select
          (select count(*)::int from org_nodes where park_id = ${actor.parkId} and kind = 'school' and disabled_at is null) as schools,
          (select count(*)::int from org_nodes where park_id = ${actor.parkId} and kind = 'branch' and disabled_at is null) as branches,
          (select count(*)::int from people where park_id = ${actor.parkId} and kind = 'staff' and status = 'active') as staff,
          (select count(*)::int from people where park_id = ${actor.parkId} and kind = 'student' and status = 'active') as students,
          (select count(distinct r.account_id)::int from role_assignments r join accounts a on a.id = r.account_id
            where r.park_id = ${actor.parkId} and a.disabled_at is null and r.role in (${roleList(secretaryRoles)})) as secretaries,
          (select count(distinct r.account_id)::int from role_assignments r join accounts a on a.id = r.account_id
            where r.park_id = ${actor.parkId} and a.disabled_at is null and r.role in (${roleList(editorRoles)})) as editors,
          exists (select 1 from portal_settings s where s.park_id = ${actor.parkId}) as settings,
          exists (select 1 from portal_settings s where s.park_id = ${actor.parkId} and s.hero_image_id is not null) as hero,
          exists (select 1 from portal_settings s where s.park_id = ${actor.parkId} and s.music_media_id is not null) as music,
          exists (select 1 from portal_settings s where s.park_id = ${actor.parkId} and s.logo_media_id is not null) as logo,
          (select count(*)::int from portal_articles where park_id = ${actor.parkId} and status = 'published') as published`,
  );
  const x = f!;
  const steps: SetupStepView[] = [
    {
      key: 'org',
      title: '建立组织架构：学校与党支部',
      detail:
        x.schools && x.branches
          ? `已有 ${x.schools} 所学校、${x.branches} 个党支部`
          : '在组织架构中逐个新增学校、党支部及其下的科室、年级、班级，或下载模板填好后整批导入',
      done: x.schools > 0 && x.branches > 0,
      link: '/org',
      links: [
        { label: '从表格导入组织架构', href: '/imports?kind=org' },
        { label: '组织架构导入模板', href: '/api/imports/templates/org' },
      ],
    },
    {
      key: 'people',
      title: '导入教职工与学生',
      detail:
        x.staff && x.students
          ? `已有教职工 ${x.staff} 人、学生 ${x.students} 人`
          : `教职工 ${x.staff} 人、学生 ${x.students} 人；下载模板填好后批量导入，逐行校验，出错时一行不写`,
      done: x.staff > 0 && x.students > 0,
      link: '/imports',
      links: [
        { label: '教职工导入模板', href: '/api/imports/templates/staff' },
        { label: '学生导入模板', href: '/api/imports/templates/student' },
      ],
    },
    {
      key: 'secretaries',
      title: '任命党支部书记',
      detail: x.secretaries
        ? `已有 ${x.secretaries} 名支部书记账号`
        : '在账号管理中为各支部书记开通账号并授予「支部书记」角色',
      done: x.secretaries > 0,
      link: '/accounts',
      links: [],
    },
    {
      key: 'editors',
      title: '任命网站编辑与审核',
      detail: x.editors
        ? `已有 ${x.editors} 名网站编辑或审核`
        : '为工作小组成员开通账号并授予「网站编辑」「网站审核」角色',
      done: x.editors > 0,
      link: '/accounts',
      links: [],
    },
    {
      key: 'site',
      title: '设置网站名称、标志、首页图片与主题音乐',
      detail:
        x.settings && x.logo && x.hero && x.music
          ? '网站设置已保存，标志、首页图片与主题音乐已上传'
          : `尚缺：${[!x.settings && '网站名称', !x.logo && '网站标志', !x.hero && '首页图片', !x.music && '主题音乐'].filter(Boolean).join('、')}`,
      done: x.settings && x.logo && x.hero && x.music,
      link: '/portal/settings',
      links: [],
    },
    {
      key: 'article',
      title: '发布第一篇文章',
      detail: x.published
        ? `网站已发布 ${x.published} 篇文章`
        : '由网站编辑撰写、审核通过后发布（任何人不能独自发布）',
      done: x.published > 0,
      link: '/portal/articles',
      links: [{ label: '查看网站', href: '/' }],
    },
  ];
  const done = steps.filter((s) => s.done).length;
  return { steps, done, total: steps.length, complete: done === steps.length };
}
