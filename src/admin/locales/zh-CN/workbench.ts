/** zh-CN texts: the workbench (工作台) and the park's setup checklist. */
export const workbench = {
  workbench: {
    title: '工作台',
    greeting: (name: string, today: string) => `${name}，你好。今天是 ${today}。`,
    tones: { overdue: '已逾期', todo: '待办', info: '提醒' },
    groups: { now: '现在要做的事', know: '需要知道的事' },
    nothingToDo: '目前没有需要你处理的事项',
    nothingToDoHint:
      '新的待办（政治生日、组织生活、稿件、活动签到等）出现时会列在这里。你也可以从下面进入常用页面：',
    unavailable: (areas: string) => `部分事项暂时无法加载（${areas}），请稍后刷新。`,
    open: '去处理',
    view: '查看',
    more: (n: number) => `还有 ${n} 项，去列表查看`,
    setup: {
      title: '初始设置',
      progress: (done: number, total: number) => `已完成 ${done}/${total} 步`,
      intro: '按顺序完成以下几步，园区就可以开始使用了。每一步的完成情况由系统根据数据自动判断。',
      done: '已完成',
      todo: '未完成',
      go: '去设置',
      hide: '收起',
      reopen: '查看初始设置清单',
      allDone: '初始设置已全部完成。',
    },
    audit: {
      title: '最近操作记录',
      all: '查看全部审计日志',
      empty: '暂无操作记录',
    },
    quickLinks: '常用页面',
  },
};
