import type { Lang } from '../understanding/facts.js';

/** The console's pages, as its navigation names them. */
export type ConsolePage = 'cases' | 'escalations' | 'triage' | 'roster' | 'dashboard';

/** The lifecycle actions the case page offers as forms. */
export type ConsoleAction = 'accept' | 'not_accept' | 'forward' | 'send_back' | 'start' | 'extend' | 'answer' | 'supervise' | 'merge';

/** Every text of the staff console, in one language. */
export interface ConsoleText {
  title: string;
  handle: string;
  password: string;
  signIn: string;
  signOut: string;
  badCredentials: string;
  lockedUntil: (time: string) => string;
  expired: string;
  forbidden: string;
  notFound: string;
  pages: Record<ConsolePage, string>;
  cases: string;
  allUnits: string;
  status: string;
  anyStatus: string;
  anyCategory: string;
  district: string;
  supervisedOnly: string;
  overdueOnly: string;
  filter: string;
  number: string;
  category: string;
  place: string;
  unit: string;
  next: string;
  supervised: string;
  overdue: string;
  urgent: string;
  none: string;
  total: (n: number) => string;
  otherLanguage: string;
  /** The case page. */
  caseTitle: (number: string) => string;
  registeredAt: string;
  followers: (n: number) => string;
  description: string;
  target: string;
  time: string;
  demand: string;
  identityMode: string;
  identityModes: Record<string, string>;
  map: string;
  pinDatum: string;
  photos: string;
  noPhotos: string;
  clocks: string;
  noClocks: string;
  due: (date: string) => string;
  timeline: string;
  transcript: string;
  noTranscript: string;
  fromReporter: string;
  fromBot: string;
  reporter: string;
  revealIdentity: string;
  revealNote: string;
  identityHidden: Record<'anonymous' | 'role', string>;
  identityShown: string;
  contactName: string;
  contactPhone: string;
  account: string;
  actions: string;
  noActions: string;
  actionNames: Record<ConsoleAction, string>;
  reason: string;
  body: string;
  toUnit: string;
  days: string;
  finding: string;
  answerText: string;
  into: string;
  done: string;
  /** Staff-only steps the citizens' catalog does not name. */
  eventNames: Record<string, string>;
  /** The escalations page. */
  escalationsIntro: string;
  noEscalations: string;
  level: (n: number) => string;
  pagedTo: string;
  nobodyOnDuty: string;
  ackDue: string;
  reasons: Record<string, string>;
  claim: string;
  release: string;
  reply: string;
  send: string;
  held: string;
  heldNone: string;
  conversation: (id: string) => string;
  /** What the user is told after taking over, replying in or handing back a conversation. */
  escalationDone: Record<'claim' | 'reply' | 'release', (ref: string) => string>;
  /** The triage queue. */
  triageIntro: string;
  assign: string;
  open: string;
  /** The roster. */
  rosterIntro: (time: string) => string;
  onDuty: string;
  onCall: string;
  shift: string;
  noCover: string;
  chain: string;
  roles: Record<string, string>;
  /** The dashboard. */
  dashboardIntro: string;
  from: string;
  to: string;
  show: string;
  badRange: string;
  counts: { received: string; accepted: string; not_accepted: string; answered: string; closed: string; on_time: string; overdue: string; on_time_rate: string };
  byDistrict: string;
  byCategory: string;
  totals: string;
  chartTitle: string;
}

/** The console in Simplified Chinese (default) and English. */
export const CONSOLE_TEXT: Record<Lang, ConsoleText> = {
  zh: {
    title: '回音 · 工作台',
    handle: '工号',
    password: '密码',
    signIn: '登录',
    signOut: '退出',
    badCredentials: '工号或密码不正确。',
    lockedUntil: (t) => `密码错误次数过多，账号已锁定至 ${t}。`,
    expired: '页面已过期，请刷新后重试。',
    forbidden: '您无权查看或处理这个案件（不是本单位的案件）。',
    notFound: '没有这个编号的案件。',
    pages: { cases: '案件', escalations: '值班告警', triage: '分拨队列', roster: '值班表', dashboard: '统计' },
    cases: '案件',
    allUnits: '全部单位',
    status: '状态',
    anyStatus: '全部',
    anyCategory: '全部类型',
    district: '区县',
    supervisedOnly: '仅督办',
    overdueOnly: '仅超期',
    filter: '筛选',
    number: '编号',
    category: '类型',
    place: '地点',
    unit: '办理单位',
    next: '下一期限',
    supervised: '督办',
    overdue: '超期',
    urgent: '紧急',
    none: '没有符合条件的案件。',
    total: (n) => `共 ${n} 件`,
    otherLanguage: 'English',
    caseTitle: (n) => `案件 ${n}`,
    registeredAt: '登记时间',
    followers: (n) => `${n} 人反映`,
    description: '举报内容',
    target: '举报对象',
    time: '时间和频率',
    demand: '诉求',
    identityMode: '身份方式',
    identityModes: { anonymous: '匿名', confidential: '保密', real_name: '实名' },
    map: '在地图上查看位置',
    pinDatum: '（坐标已换算为高德地图所用的 GCJ-02）',
    photos: '照片和视频',
    noPhotos: '举报人没有发送照片或视频。',
    clocks: '时限',
    noClocks: '没有正在计算的时限。',
    due: (d) => `截至 ${d}`,
    timeline: '办理记录',
    transcript: '对话记录',
    noTranscript: '没有对话记录（例如从其他系统导入的案件）。',
    fromReporter: '举报人',
    fromBot: '回音',
    reporter: '举报人身份',
    revealIdentity: '查看举报人身份',
    revealNote: '查看会记录在办理记录中（谁、何时）。',
    identityHidden: { anonymous: '匿名举报：不保存也不显示举报人身份。', role: '举报人身份受保护，仅督查人员可查看。' },
    identityShown: '举报人身份（已记录本次查看，严禁泄露）',
    contactName: '姓名',
    contactPhone: '电话',
    account: '账号',
    actions: '办理操作',
    noActions: '当前状态下没有可进行的操作。',
    actionNames: { accept: '受理', not_accept: '不予受理', forward: '转办', send_back: '退回', start: '开始办理', extend: '延期', answer: '办结答复', supervise: '督办', merge: '合并到' },
    reason: '理由',
    body: '建议反映的部门',
    toUnit: '转至单位',
    days: '延期天数',
    finding: '核查结论',
    answerText: '处理情况（将发送给举报人）',
    into: '合并到案件编号',
    done: '已完成',
    eventNames: {
      routed: '分派', acknowledged: '值班人员认领告警', claimed: '工作人员接管对话', staff_replied: '工作人员回复', identity_viewed: '查看举报人身份', supervised: '督办',
      supplemented: '举报人补充材料', reminded: '时限提醒', rating_reminded: '提醒评价', merged_in: '并入其他案件的举报', imported: '从其他系统导入',
    },
    escalationsIntro: '尚未认领的告警和等待人工的对话。本页每 20 秒自动刷新。接管后，回音不再自动回复该举报人，由您直接沟通。',
    noEscalations: '目前没有待处理的告警。',
    level: (n) => ['值班人员', '科室负责人', '分管领导'][n] ?? `第 ${n + 1} 级`,
    pagedTo: '已呼叫',
    nobodyOnDuty: '无人值班',
    ackDue: '认领期限',
    reasons: { urgent: '紧急案件', human: '举报人要求人工', not_understood: '机器人无法理解', overdue: '案件超期' },
    claim: '接管',
    release: '结束接管',
    reply: '回复举报人',
    send: '发送',
    held: '我接管的对话',
    heldNone: '您目前没有接管的对话。',
    conversation: (id) => `对话 #${id}`,
    escalationDone: {
      claim: (ref) => `已接管 ${ref}：告警已认领，举报人已收到"值班工作人员已接入"。请在下方"我接管的对话"中回复。`,
      reply: (ref) => `已回复 ${ref}，将发送到举报人所用的渠道。`,
      release: (ref) => `已结束接管 ${ref}，由回音继续接待该举报人。`,
    },
    triageIntro: '已登记、尚未受理的案件（全部单位，按登记先后）。请核对分派是否正确：分错的转办到负责单位，或打开案件决定是否受理。',
    assign: '转办',
    open: '打开',
    rosterIntro: (t) => `${t} 的值班情况。告警先呼叫值班人员，未按时认领依次升级。`,
    onDuty: '当前值班',
    onCall: '备班（无排班时）',
    shift: '班次',
    noCover: '无人值班！',
    chain: '升级顺序',
    roles: { duty: '值班人员', chief: '科室负责人', lead: '分管领导', handler: '办理人员', supervisor: '督查人员', admin: '系统管理员' },
    dashboardIntro: '所选日期内登记的案件，按区县和类型统计，与公开通报口径一致。按期答复率 = 按期答复 ÷ 已答复；已完结指举报人已评价或逾期未评价。',
    from: '从',
    to: '至',
    show: '查看',
    badRange: '日期不正确：请用 YYYY-MM-DD，且开始不晚于结束，最长一年。',
    counts: { received: '收到', accepted: '受理', not_accepted: '不予受理', answered: '已答复', closed: '已完结', on_time: '按期答复', overdue: '超期', on_time_rate: '按期答复率' },
    byDistrict: '按区县',
    byCategory: '按类型',
    totals: '合计',
    chartTitle: '各区县收到与答复件数',
  },
  en: {
    title: 'Huiyin · Console',
    handle: 'Staff handle',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    badCredentials: 'Wrong handle or password.',
    lockedUntil: (t) => `Too many wrong passwords: the account is locked until ${t}.`,
    expired: 'This page has expired; reload it and try again.',
    forbidden: 'You may not see or act on this case (it belongs to another unit).',
    notFound: 'There is no case with this number.',
    pages: { cases: 'Cases', escalations: 'Escalations', triage: 'Triage', roster: 'Roster', dashboard: 'Dashboard' },
    cases: 'Cases',
    allUnits: 'all units',
    status: 'Status',
    anyStatus: 'any',
    anyCategory: 'any category',
    district: 'District',
    supervisedOnly: 'supervised only',
    overdueOnly: 'overdue only',
    filter: 'Filter',
    number: 'Number',
    category: 'Category',
    place: 'Place',
    unit: 'Unit',
    next: 'Next deadline',
    supervised: 'supervised',
    overdue: 'overdue',
    urgent: 'urgent',
    none: 'No cases match.',
    total: (n) => `${n} in all`,
    otherLanguage: '中文',
    caseTitle: (n) => `Case ${n}`,
    registeredAt: 'Registered',
    followers: (n) => `${n} reporter${n === 1 ? '' : 's'}`,
    description: 'Complaint',
    target: 'Reported source',
    time: 'Time and frequency',
    demand: 'What the reporter asks',
    identityMode: 'Identity',
    identityModes: { anonymous: 'anonymous', confidential: 'confidential', real_name: 'real name' },
    map: 'Show the place on a map',
    pinDatum: '(coordinates converted to GCJ-02, as Amap uses)',
    photos: 'Photos and videos',
    noPhotos: 'The reporter sent no photos or videos.',
    clocks: 'Clocks',
    noClocks: 'No clock is running.',
    due: (d) => `due ${d}`,
    timeline: 'Timeline',
    transcript: 'Conversation',
    noTranscript: 'No conversation (a case imported from another system, for example).',
    fromReporter: 'Reporter',
    fromBot: 'Huiyin',
    reporter: 'Reporter identity',
    revealIdentity: 'Show who reported it',
    revealNote: 'Looking is recorded in the timeline (who and when).',
    identityHidden: { anonymous: 'Anonymous report: no identity is kept or shown.', role: 'The reporter\'s identity is protected; only supervisors may see it.' },
    identityShown: 'Reporter identity (this view is recorded; never disclose it)',
    contactName: 'Name',
    contactPhone: 'Phone',
    account: 'Account',
    actions: 'Actions',
    noActions: 'Nothing can be done to the case in its current status.',
    actionNames: { accept: 'Accept', not_accept: 'Do not accept', forward: 'Forward', send_back: 'Send back', start: 'Start work', extend: 'Extend', answer: 'Answer and close', supervise: 'Supervise', merge: 'Merge into' },
    reason: 'Reason',
    body: 'Body to turn to instead',
    toUnit: 'To unit',
    days: 'Days',
    finding: 'Finding',
    answerText: 'What was done (sent to the reporter)',
    into: 'Merge into case number',
    done: 'Done',
    eventNames: {
      routed: 'routed', acknowledged: 'page acknowledged', claimed: 'conversation taken over', staff_replied: 'staff replied', identity_viewed: 'reporter identity viewed', supervised: 'supervised',
      supplemented: 'reporter added material', reminded: 'deadline reminder', rating_reminded: 'rating reminder', merged_in: 'a merged report', imported: 'imported from another system',
    },
    escalationsIntro: 'Pages nobody has acknowledged and conversations waiting for a person. This page reloads every 20 seconds. Once you take a conversation over, Huiyin stops answering that reporter and you talk to them directly.',
    noEscalations: 'Nothing is waiting.',
    level: (n) => ['duty officer', 'section chief', 'bureau lead'][n] ?? `level ${n + 1}`,
    pagedTo: 'Paged',
    nobodyOnDuty: 'nobody on duty',
    ackDue: 'Acknowledge by',
    reasons: { urgent: 'urgent case', human: 'reporter asked for a person', not_understood: 'the bot did not understand', overdue: 'case overdue' },
    claim: 'Take over',
    release: 'Hand back',
    reply: 'Reply to the reporter',
    send: 'Send',
    held: 'Conversations I hold',
    heldNone: 'You hold no conversation.',
    conversation: (id) => `conversation #${id}`,
    escalationDone: {
      claim: (ref) => `Took over ${ref}: the page is acknowledged and the reporter was told a person has joined. Reply under "Conversations I hold".`,
      reply: (ref) => `Replied to ${ref}; it goes out on the reporter's own channel.`,
      release: (ref) => `Handed ${ref} back: Huiyin answers the reporter again.`,
    },
    triageIntro: 'Registered cases not yet accepted, in every unit, oldest first. Check where routing sent each: forward what went astray to the unit that owns it, or open it to decide on acceptance.',
    assign: 'Forward',
    open: 'Open',
    rosterIntro: (t) => `Who is on duty at ${t}. Pages go to the duty officer first and climb when nobody acknowledges in time.`,
    onDuty: 'On duty now',
    onCall: 'on call (no shift)',
    shift: 'Shift',
    noCover: 'Nobody on duty!',
    chain: 'Escalation order',
    roles: { duty: 'duty officer', chief: 'section chief', lead: 'bureau lead', handler: 'handler', supervisor: 'supervisor', admin: 'administrator' },
    dashboardIntro: 'Cases registered in the chosen dates, by district and category, counted as the public digests count them. On-time rate = answered on time ÷ answered; closed means the reporter rated the answer or the rating time ran out.',
    from: 'From',
    to: 'To',
    show: 'Show',
    badRange: 'Bad dates: use YYYY-MM-DD, the start no later than the end, at most a year.',
    counts: { received: 'received', accepted: 'accepted', not_accepted: 'not accepted', answered: 'answered', closed: 'closed', on_time: 'answered on time', overdue: 'overdue', on_time_rate: 'on-time rate' },
    byDistrict: 'By district',
    byCategory: 'By category',
    totals: 'Total',
    chartTitle: 'Received and answered, by district',
  },
};
