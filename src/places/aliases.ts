/**
 * Hand-kept place tables the NBS gazetteer does not carry: functional zones, old county names,
 * landmarks, river names, unofficial town names and short names that are ordinary words.
 * Pure data; `gazetteer.ts` turns them into lookups and the tests check every name against the
 * gazetteer, so a typo here fails a test rather than routing a complaint wrongly.
 */

/** A town administered by a functional zone, with the county it legally belongs to. */
export interface ZoneTown {
  /** Official town name as in the gazetteer, e.g. `华阳街道`. */
  town: string;
  /** Its legal county, e.g. `双流区`. */
  district: string;
}

/** A functional zone: not a legal division, but it runs its own bureau and hotlines route to it. */
export interface Zone {
  /** Canonical name, as reported in `PlaceResolution.zone`. */
  name: string;
  /** The prefecture city it lies in. */
  city: string;
  /** Other names that are specific enough to mean this zone wherever they appear. */
  aliases: readonly string[];
  /**
   * Names every city has one of (高新区, 东部新区): they mean this zone only when no other city is
   * named in the text or the conversation (德阳高新区 is not Chengdu's).
   */
  generic: readonly string[];
  /** English names, lower case, single-spaced; `generic` ones follow the same rule as above. */
  english: readonly string[];
  /** English names every city could have. */
  englishGeneric: readonly string[];
  /** The streets and towns it administers. */
  towns: readonly ZoneTown[];
}

/**
 * Chengdu's functional zones and the streets they administer (NBS codes put the streets under
 * their legal counties: 武侯区, 双流区, 郫都区, 简阳市). Street lists follow the 2020–2023 set-up;
 * 怡心街道 (高新区) and the four towns of 东部新区 are the least certain entries.
 */
export const ZONES: readonly Zone[] = [
  {
    name: '成都高新区',
    city: '成都市',
    aliases: ['成都高新技术产业开发区', '成都高新技术开发区', '成都高新区'],
    generic: ['高新区', '高新南区', '高新西区', '高新技术产业开发区'],
    english: ['chengdu hi-tech zone', 'chengdu high-tech zone', 'chengdu hi-tech industrial development zone', 'chengdu high tech zone'],
    englishGeneric: ['hi-tech zone', 'high-tech zone', 'high tech zone', 'hi-tech industrial development zone'],
    towns: [
      { town: '肖家河街道', district: '武侯区' },
      { town: '芳草街街道', district: '武侯区' },
      { town: '石羊街道', district: '武侯区' },
      { town: '桂溪街道', district: '武侯区' },
      { town: '中和街道', district: '双流区' },
      { town: '怡心街道', district: '双流区' },
      { town: '合作街道', district: '郫都区' },
      { town: '西园街道', district: '郫都区' },
    ],
  },
  {
    name: '天府新区',
    city: '成都市',
    aliases: ['四川天府新区', '天府新区成都直管区', '天府新区直管区', '成都天府新区', '天府新区成都片区', '天府新区'],
    generic: [],
    english: ['tianfu new area', 'tianfu new district', 'sichuan tianfu new area'],
    englishGeneric: [],
    towns: [
      { town: '华阳街道', district: '双流区' },
      { town: '万安街道', district: '双流区' },
      { town: '正兴街道', district: '双流区' },
      { town: '兴隆街道', district: '双流区' },
      { town: '煎茶街道', district: '双流区' },
      { town: '新兴街道', district: '双流区' },
      { town: '籍田街道', district: '双流区' },
      { town: '太平街道', district: '双流区' },
      { town: '永兴街道', district: '双流区' },
    ],
  },
  {
    name: '成都东部新区',
    city: '成都市',
    aliases: ['成都东部新区', '东部新区成都'],
    generic: ['东部新区'],
    english: ['chengdu eastern new area', 'chengdu east new area', 'chengdu eastern new district'],
    englishGeneric: ['eastern new area', 'east new area'],
    towns: [
      { town: '贾家街道', district: '简阳市' },
      { town: '石板凳街道', district: '简阳市' },
      { town: '三岔街道', district: '简阳市' },
      { town: '草池街道', district: '简阳市' },
      { town: '福田街道', district: '简阳市' },
      { town: '玉成街道', district: '简阳市' },
      { town: '丹景街道', district: '简阳市' },
      { town: '芦葭镇', district: '简阳市' },
      { town: '高明镇', district: '简阳市' },
      { town: '武庙镇', district: '简阳市' },
      { town: '董家埂镇', district: '简阳市' },
    ],
  },
];

/** A county name that was changed; people still write the old one. */
export interface OldName {
  /** The name as people still write it, e.g. `郫县`. */
  old: string;
  /** The current official name. */
  current: string;
  /** The current six-digit code (so a name shared by two counties cannot mislead). */
  code: string;
  /** Year of the change, for the record. */
  year: number;
}

/** Real renamings of county-level divisions, Sichuan first (Chengdu's are the ones people still use). */
export const OLD_NAMES: readonly OldName[] = [
  { old: '郫县', current: '郫都区', code: '510117', year: 2016 },
  { old: '新津县', current: '新津区', code: '510118', year: 2020 },
  { old: '双流县', current: '双流区', code: '510116', year: 2015 },
  { old: '温江县', current: '温江区', code: '510115', year: 2002 },
  { old: '新都县', current: '新都区', code: '510114', year: 2001 },
  { old: '灌县', current: '都江堰市', code: '510181', year: 1988 },
  { old: '彭县', current: '彭州市', code: '510182', year: 1993 },
  { old: '邛崃县', current: '邛崃市', code: '510183', year: 1994 },
  { old: '崇庆县', current: '崇州市', code: '510184', year: 1994 },
  { old: '会理县', current: '会理市', code: '513402', year: 2021 },
  { old: '名山县', current: '名山区', code: '511803', year: 2012 },
  { old: '安县', current: '安州区', code: '510705', year: 2016 },
  { old: '南溪县', current: '南溪区', code: '511503', year: 2011 },
  { old: '宜宾县', current: '叙州区', code: '511504', year: 2018 },
  { old: '达县', current: '达川区', code: '511703', year: 2013 },
  { old: '罗江县', current: '罗江区', code: '510604', year: 2017 },
  { old: '隆昌县', current: '隆昌市', code: '511083', year: 2017 },
  { old: '射洪县', current: '射洪市', code: '510981', year: 2019 },
  { old: '马尔康县', current: '马尔康市', code: '513201', year: 2015 },
  { old: '康定县', current: '康定市', code: '513301', year: 2015 },
  { old: '彭山县', current: '彭山区', code: '511403', year: 2014 },
  { old: '峨眉县', current: '峨眉山市', code: '511181', year: 1988 },
];

/** A well-known place that lies in exactly one county. */
export interface Landmark {
  /** The names people use for it. */
  names: readonly string[];
  /** The county it lies in. */
  district: string;
  /** That county's code. */
  code: string;
}

/**
 * Landmarks that imply a county. Only places that lie wholly in one county; a landmark sets the
 * district but never a zone (labels treat a zone as set only when the zone is named).
 */
export const LANDMARKS: readonly Landmark[] = [
  { names: ['双流机场', '双流国际机场', '成都双流国际机场'], district: '双流区', code: '510116' },
  { names: ['天府机场', '天府国际机场', '成都天府国际机场'], district: '简阳市', code: '510185' },
  { names: ['三岔湖'], district: '简阳市', code: '510185' },
  { names: ['春熙路'], district: '锦江区', code: '510104' },
  { names: ['宽窄巷子'], district: '青羊区', code: '510105' },
  { names: ['杜甫草堂'], district: '青羊区', code: '510105' },
  { names: ['武侯祠'], district: '武侯区', code: '510107' },
  { names: ['熊猫基地', '大熊猫繁育研究基地', '成都大熊猫繁育研究基地'], district: '成华区', code: '510108' },
  { names: ['东郊记忆'], district: '成华区', code: '510108' },
  { names: ['成都东站'], district: '成华区', code: '510108' },
  { names: ['青城山'], district: '都江堰市', code: '510181' },
  { names: ['安仁古镇'], district: '大邑县', code: '510129' },
  { names: ['西岭雪山'], district: '大邑县', code: '510129' },
  { names: ['街子古镇'], district: '崇州市', code: '510184' },
  { names: ['平乐古镇'], district: '邛崃市', code: '510183' },
  { names: ['兴隆湖'], district: '双流区', code: '510116' },
];

/** A name people use for a town that is not its official one. */
export interface TownAlias {
  /** As people write it. */
  alias: string;
  /** Official name. */
  town: string;
  /** Its county. */
  district: string;
}

/** Unofficial town names in common use (the NBS name is 芳草街街道; everyone writes 芳草街道). */
export const TOWN_ALIASES: readonly TownAlias[] = [{ alias: '芳草街道', town: '芳草街街道', district: '武侯区' }];

/**
 * River names. A river name is consumed as a word, so 嘉陵江边 is not read as 嘉陵(区)+江边; a river
 * name that is also a place name (锦江, 沙河) is read as the river when river words follow it
 * (`RIVER_WORDS`) and as a place to confirm otherwise.
 */
export const RIVERS: readonly string[] = [
  '锦江', '府河', '南河', '岷江', '沱江', '涪江', '嘉陵江', '长江', '金沙江', '大渡河', '青衣江', '雅砻江',
  '渠江', '安宁河', '赤水河', '江安河', '毗河', '清水河', '沙河', '西河', '东河', '绛溪河', '濛溪河', '球溪河',
  '釜溪河', '琼江', '越溪河', '杨柳河', '走马河', '柏条河', '徐堰河', '金马河', '羊马河', '新开河', '斜江河',
  '蒲江河', '黄河', '湘江', '珠江', '淮河', '汉江', '黑河', '白河', '南明河', '清江',
];

/** Words that, right after a river name, show the river is meant (锦江边, 锦江里, 锦江沿岸). */
export const RIVER_WORDS: readonly string[] = [
  '沿岸', '两岸', '江边', '河边', '河道', '江面', '河面', '流域', '下游', '上游', '沿线', '边', '河', '里', '畔', '水', '岸', '上', '堤',
];

/**
 * Short names (no 区/县/市/镇 suffix) that are also ordinary words or better-known things
 * (公安 police, 黑水 black water, 石棉 asbestos, 大理石 marble, 三台 "three machines").
 * They count as a place only when their city or province is named too (山西大同, 公安县 in full).
 */
export const COMMON_WORDS: readonly string[] = [
  // county and city short names
  '公安', '南部', '黑水', '石棉', '前锋', '安居', '大方', '方正', '合作', '通道', '光明', '南岸', '长寿', '吉利',
  '平安', '和平', '长安', '新华', '中山', '城中', '城东', '城西', '城北', '城南', '市中', '新城', '白云', '三台',
  '朝天', '大英', '河东', '河西', '江南', '江北', '城关', '向阳', '东风', '红旗', '前进', '友好', '铁西', '铁东',
  '桥东', '桥西', '新市', '东坡', '白玉', '大安', '小金', '普陀', '鼓楼', '钟楼', '宝山', '金山', '青山', '东山',
  '西山', '南山', '北关', '文峰', '中原', '红山', '新兴', '永定', '海港', '沙河', '西湖', '东湖', '南湖', '平原',
  '新乐', '永年', '大同', '白银', '黑河', '白山', '阿里', '大理', '普洱', '红河', '三明', '河源', '安康', '来宾',
  '开封', '日照', '朝阳', '海东', '海北', '山南', '金华', '名山', '仁和', '东兴', '安宁', '清水', '高坪',
  // county full names that are ordinary words (攀枝花's 东区 and 西区, 阳泉's 城区 and 矿区)
  '东区', '西区', '城区', '郊区', '矿区',
  // town short names (weak matches) that are ordinary words
  '建设', '团结', '胜利', '幸福', '人民', '中心', '工业', '文化', '解放', '民主', '先锋', '花园', '公园', '市场',
  '车站', '新村', '新街', '老街', '东门', '西门', '南门', '北门', '城区', '新区', '石桥', '太平', '永安', '永兴',
  '兴隆', '新民', '东升', '天府', '机场', '大道', '火车', '中和', '复兴', '大面', '五星', '红星', '安全', '万福',
  '长城', '黄金', '白马', '天马', '三星', '双河', '两河', '水口', '桥头', '河口', '大桥', '高桥', '金龙', '青龙', '大丰',
  '白鹤', '凤凰', '龙门', '石门', '中兴', '永丰', '丰收', '仁义', '桂花', '大坪', '龙王', '土门', '柏林', '永宁',
];
