import type { Lang } from '../understanding/facts.js';

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
  cases: string;
  allUnits: string;
  status: string;
  anyStatus: string;
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
  none: string;
  total: (n: number) => string;
  otherLanguage: string;
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
    cases: '案件',
    allUnits: '全部单位',
    status: '状态',
    anyStatus: '全部',
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
    none: '没有符合条件的案件。',
    total: (n) => `共 ${n} 件`,
    otherLanguage: 'English',
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
    cases: 'Cases',
    allUnits: 'all units',
    status: 'Status',
    anyStatus: 'any',
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
    none: 'No cases match.',
    total: (n) => `${n} in all`,
    otherLanguage: '中文',
  },
};
