import { holdsThroughRole } from '../../access/scope';
import { item, type WorkbenchSource } from '../workbench/source';

/**
 * The moral-education mentor's home (RULES.md §7). The mentors area — pairings with classes and
 * two or three students, talks and visits, their cadence — is still to come; until then the
 * mentor's workbench says what it will show instead of leaving them on a list they cannot use.
 */
export const mentorsWorkbench: WorkbenchSource = {
  area: 'mentors',
  async items({ actor }) {
    if (!holdsThroughRole(actor, 'mentors.work')) return [];
    return [
      item({
        key: 'mentors.upcoming',
        area: '德育导师',
        tone: 'info',
        title: '德育导师工作台即将开通',
        detail:
          '开通后这里将显示：你结对的班级和 2–3 名学生、谈话与家访（课堂、宿舍、家庭）记录、本月该走访谁和已逾期的走访；在手机上也能随手记录。目前可以先完善个人资料、查看我的活动。',
        link: '/profile',
      }),
    ];
  },
};
