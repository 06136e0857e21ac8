/** zh-CN texts: the assessment's statistics (考核统计). */
export const assessmentStats = {
  assessmentStats: {
    menu: '考核统计',
    title: '考核统计',
    subTitle: (scope: string) =>
      `${scope} · 按记录当年所在的学校和党支部统计已审核的材料、已通过的先锋岗和奉献日记录；同一党员、同一学生只计一次`,
    exportXlsx: '导出 Excel',
    exportDocx: '导出工作总结段落（Word）',
    fallbackXlsx: (year: number) => `考核统计-${year}年.xlsx`,
    fallbackDocx: (year: number) => `考核统计-${year}年.docx`,

    figures: {
      honouredMembers: '获评先进的党员',
      coachingMembers: '辅导学生获奖的党员',
      coachedStudents: '辅导获奖的学生',
      paperMembers: '论文获奖的党员',
      awardedPapers: '获奖论文',
      titlePromotions: '职称晋升的党员',
      vanguardPosts: '党员先锋岗',
      selfEvaluations: '提交自评的党员',
      dedicationHours: '奉献日服务时长',
      homeVisits: '重点家访',
      enterpriseVisits: '走访企业',
    },
    units: {
      honouredMembers: '人',
      coachingMembers: '人',
      coachedStudents: '人',
      paperMembers: '人',
      awardedPapers: '篇',
      titlePromotions: '人',
      vanguardPosts: '个',
      selfEvaluations: '人',
      dedicationHours: '小时',
      homeVisits: '次',
      enterpriseVisits: '次',
    },
    /** Short names for the charts' axes. */
    short: {
      honouredMembers: '获评先进',
      coachingMembers: '辅导获奖党员',
      coachedStudents: '获奖学生',
      paperMembers: '论文获奖党员',
      awardedPapers: '获奖论文',
      titlePromotions: '职称晋升',
      vanguardPosts: '先锋岗',
      selfEvaluations: '自评',
      dedicationHours: '服务时长',
      homeVisits: '重点家访',
      enterpriseVisits: '走访企业',
    },
    levels: { nation: '国家级', province: '省级', city: '市级', county: '县（区）级', school: '校级' },
    byLevel: (parts: string[]) => `其中${parts.join('、')}`,
    levelPart: (level: string, n: number) => `${level} ${n}`,

    change: {
      up: (d: string) => `较上年 +${d}`,
      down: (d: string) => `较上年 −${d}`,
      same: '与上年持平',
    },
    delta: { up: (d: string) => `+${d}`, down: (d: string) => `−${d}`, same: '持平' },

    charts: {
      yearOverYear: '与上年对比',
      byGroup: (grouping: string) => `${grouping}对比`,
      loading: '图表加载中…',
      failed: '图表加载失败，数字见下方表格',
      yearSeries: (year: number) => `${year} 年`,
      summary: (text: string) => `柱状图：${text}`,
    },

    tabs: { total: '合计与上年对比', schools: '按学校', branches: '按党支部' },
    col: {
      figure: '指标',
      unit: '单位',
      year: (year: number) => `${year} 年`,
      change: '增减',
      school: '学校',
      branch: '党支部',
    },
    empty: (year: number) => `${year} 年尚无可统计的记录`,
  },
};
