/** zh-CN texts: members. */
export const members = {
  members: {
    title: '党员管理',
    searchPlaceholder: '姓名 / 工号学号 / 拼音首字母',
    branch: '支部',
    status: '类别',
    joinedMonth: '入党月份',
    month: (m: number) => `${m} 月`,
    kind: '身份',
    editOnPerson: '编辑',
    partyAgeNote: '自转正之日起计算，预备期不计入党龄；按北京时间计算整年数。',
  },
};
