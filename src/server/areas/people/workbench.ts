import { holdsThroughRole, reachesBeyondBranch } from '../../access/scope';
import { item, type WorkbenchSource } from '../workbench/source';
import { peopleReadScopes } from './policy';
import { countPeople, peopleScopeCondition } from './queries';

/**
 * People on the workbench, for those who look after a class or a school's students without
 * running the park's records (a homeroom teacher, a League committee): how many students are
 * theirs, and how many of them are League members, with the way to the list.
 */
export const peopleWorkbench: WorkbenchSource = {
  area: 'people',
  async items({ db, actor }) {
    if (!holdsThroughRole(actor, 'people.read') || holdsThroughRole(actor, 'people.write')) return [];
    if (holdsThroughRole(actor, 'members.write')) return [];
    const scope = peopleScopeCondition(actor, peopleReadScopes(actor));
    const base = { kind: 'student' as const, status: 'active' as const };
    const [students, league] = await Promise.all([
      countPeople(db, scope, actor.parkId, base),
      countPeople(db, scope, actor.parkId, { ...base, isLeagueMember: true }),
    ]);
    if (!students) return [];
    return [
      item({
        key: 'people.students',
        area: '人员',
        tone: 'info',
        title: reachesBeyondBranch(actor, 'people.read')
          ? `本校学生 ${students} 人，其中团员 ${league} 人`
          : `你的班级学生 ${students} 人，其中团员 ${league} 人`,
        count: students,
        detail: '查看学生名单与档案；家长联系方式按权限脱敏显示',
        link: '/people/student',
      }),
    ];
  },
};
