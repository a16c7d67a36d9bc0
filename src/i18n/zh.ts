import { SLOT_ORDER } from '../conversation/slots.js';
import type { Catalog } from './catalog.js';
import { districtName, placeText, summaryLines } from './summary.js';

const CATEGORY_MENU = '1 大气（烟尘、异味、油烟）\n2 水\n3 噪声\n4 固体废物（垃圾、渣土、危废）\n5 土壤\n6 辐射\n7 生态破坏（采砂、采矿、保护区、毁林）\n8 其他';

/** Simplified Chinese: the default language of every citizen-facing message. */
export const zh: Catalog = {
  labels: {
    lang: 'zh',
    categories: { air: '大气污染', water: '水污染', noise: '噪声', solid_waste: '固体废物', soil: '土壤污染', radiation: '辐射', ecology: '生态破坏', other: '其他' },
    subcategories: {
      odour: '异味', industrial_gas: '工业废气', dust: '扬尘粉尘', cooking_fumes: '餐饮油烟', burning: '露天焚烧', vehicle_exhaust: '机动车尾气',
      construction_noise: '施工噪声', industrial_noise: '工业噪声', social_noise: '社会生活噪声', traffic_noise: '交通噪声',
      industrial_wastewater: '工业废水', domestic_sewage: '生活污水', livestock: '畜禽养殖', garbage: '生活垃圾', hazardous_waste: '危险废物',
      construction_waste: '建筑垃圾', mining: '矿山开采', sand_dredging: '非法采砂', nature_reserve: '自然保护区', deforestation: '毁林', electromagnetic: '电磁辐射',
    },
    slots: { category: '问题类型', place: '地点', target: '举报对象', time: '时间和频率', evidence: '照片/视频', demand: '诉求', identity: '身份方式', contact: '联系方式' },
    identity: { anonymous: '匿名（工作人员看不到您是谁）', confidential: '保密（仅受理人员可见，绝不透露）', real_name: '实名' },
    statuses: { registered: '已登记，等待受理', accepted: '已受理', not_accepted: '不予受理', forwarded: '已转办', in_progress: '办理中', answered: '已办结，待您评价', closed: '已完结' },
    findings: { true: '属实', partly_true: '部分属实', basically_true: '基本属实', untrue: '不属实' },
    ratings: { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' },
    events: {
      registered: '登记', accepted: '受理', not_accepted: '不予受理', forwarded: '转办', sent_back: '退回重新分派', in_progress: '开始办理', extended: '延期',
      answered: '办结答复', reopened: '重新办理', rated: '评价', closed: '完结', merged: '合并到其他案件', joined: '有其他市民反映同一问题',
    },
    clocks: { accept: '受理决定', accept_target: '受理（本地时限）', answer: '办结答复', send_back: '退回期限', review: '申请复查' },
    none: '无',
    outside: '四川省外',
    unknown: '不详',
    buttons: { confirm: '确认提交', change: '修改', resume: '继续填写', drop: '放弃', none: '没有', dontKnow: '不知道', shareLocation: '📍 发送我的位置', identity: { anonymous: '匿名', confidential: '保密', real_name: '实名' }, newProblem: '新问题', ack: '认领', takeOver: '接管' },
  },
  messages: {
    welcome: () => '您好，这里是回音环境投诉举报助手，24小时在线。请直接告诉我您遇到的环境问题，例如："郫都区犀浦街道有家塑料厂每天晚上排黑烟"。',
    faq: () =>
      '我们受理大气、水、噪声、固体废物、土壤、辐射和生态破坏等环境问题的投诉举报。\n登记后会立即给您案件编号；是否受理会在15日内告知，受理后60日内办结答复（特殊情况可延长一次，最长30日，并告知原因）。\n请直接描述问题、地点和对象即可开始。',
    help: () => '可以这样用：\n· 直接描述问题，我会一步步问清需要的信息\n· 说"不对，是温江区"随时更正\n· "取消"放弃当前举报，"重新开始"从头再来\n· "查询"或发送案件编号查看进展\n· "/forget" 删除您留下的联系方式\n· "/lang en" 切换为英文',
    staff_paged: ({ reason }) =>
      reason === 'human'
        ? '已通知值班工作人员，会尽快在这里回复您。您也可以继续在这里描述问题；紧急情况可拨打12345。'
        : '抱歉，我没能理解。已请值班工作人员来帮您，会尽快在这里回复。',
    thanks_reply: () => '不客气。还有其他环境问题随时告诉我。',
    not_understood: () => '抱歉，我没看懂。请用一两句话描述您遇到的环境问题，比如什么污染、在哪里、是谁造成的。发送"帮助"查看用法。',
    empty_message: () => '没有收到文字内容。请描述您遇到的环境问题。',
    unsupported_media: () => '暂时无法识别语音、表情或这类文件。请用文字描述，照片和视频可以直接发送。',
    long_message_cut: ({ kept }) => `您的消息很长，案件描述保留了前${kept}字，原文已完整存档。`,
    lang_switched: () => '好的，以后用中文回复您。',
    cancelled: () => '已取消本次举报，填写的内容已删除。需要时随时再告诉我。',
    nothing_to_cancel: () => '当前没有正在填写的举报。',
    restarted: () => '好的，我们重新开始。',
    resume_prompt: ({ draft }, l) =>
      `您上次有一份未完成的举报：\n${summaryLines(draft, l, ['category', 'place', 'target'], '：').join('\n')}\n回复 1 继续填写，回复 2 放弃。`,
    resumed: () => '好的，我们接着来。',
    dropped: () => '已放弃那份未完成的举报。请描述新的问题。',
    noted: ({ draft }, l) => `收到。已记录：${summaryLines(draft, l, ['category', 'place', 'target', 'time'], '：').filter((x) => !x.endsWith(l.unknown)).join('；')}。`,
    correction_applied: () => '好的，已更正。',
    evidence_received: ({ count }) => `已收到照片/视频（共${count}个）。`,
    ask_category: () => `请问遇到的是什么问题？可以直接描述，或回复数字：\n${CATEGORY_MENU}`,
    ask_category_again: () => `没能判断问题类型，请回复数字：\n${CATEGORY_MENU}`,
    ask_place: () => '问题发生在哪里？请告诉我区（县）和街道（乡镇），或附近的路名、地标；也可以直接发送位置。',
    ask_place_again: () => '还没能确定地点。请告诉我在哪个区（县），例如"温江区万春镇"。',
    place_ambiguous: ({ candidates, mention }) =>
      candidates.length === 1
        ? `您说的"${mention ?? '这个地方'}"是指${districtName(candidates[0]!, 'zh')}吗？回复 1 确认，或直接告诉我正确的区（县）。`
        : `"${mention ?? '这个地方'}"可能在好几个地方，请回复数字确认：\n${candidates.map((c, i) => `${i + 1} ${c.province === '四川省' ? '' : c.province}${districtName(c, 'zh')}`).join('\n')}\n都不是的话，请直接告诉我区（县）名称。`,
    place_unknown: ({ name }) => `没有找到"${name}"这个地方，请核对一下，或告诉我所在的区（县）。`,
    place_confirmed: ({ draft }, l) => `好的，地点：${placeText(draft, l)}。`,
    pin_invalid: () => '这个位置无法识别（可能是定位失败）。请用文字告诉我在哪个区（县）、哪条街道。',
    pin_outside: () => '您发送的位置不在四川省内。我们会先登记并交分派中心核实；如果位置发错了，请用文字告诉我区（县）。',
    pin_border: ({ candidates }) => `这个位置在区县交界附近，请回复数字确认属于哪里：\n${candidates.map((c, i) => `${i + 1} ${districtName(c, 'zh')}`).join('\n')}`,
    pin_disagrees: ({ said, pinned }) => `您说的是${districtName(said, 'zh')}，但发送的位置在${districtName(pinned, 'zh')}。请回复数字确认：\n1 ${districtName(said, 'zh')}\n2 ${districtName(pinned, 'zh')}`,
    ask_target: () => '被举报的是哪个单位或污染源？例如厂名、店名、工地名称或大概位置。不清楚可以回复"不知道"。',
    ask_time: () => '一般什么时候发生？多久一次？（例如"每天晚上十点以后"）不清楚可以回复"不知道"。',
    ask_evidence: () => '有照片或视频吗？有的话请直接发送；没有请回复"没有"。',
    send_evidence_now: () => '请直接发送照片或视频；发完后回复"好了"，或回复"没有"跳过。',
    ask_demand: () => '您希望怎样处理？（例如"尽快查处，停止夜间施工"）没有特别要求可以回复"没有"。',
    hint_place: () => '也可以直接发送位置。',
    hint_target: () => '不清楚可以回复"不知道"。',
    hint_time: () => '不清楚可以回复"不知道"。',
    hint_demand: () => '没有特别要求可以回复"没有"。',
    ask_identity: () =>
      '最后，您希望以什么方式举报？回复数字：\n1 匿名：工作人员看不到您是谁，处理进展仍会通过这里告诉您\n2 保密：留下姓名电话，仅供工作人员联系核实，绝不透露给被举报方\n3 实名',
    ask_identity_again: () => '请回复 1（匿名）、2（保密）或 3（实名）。',
    ask_contact: ({ realName }) => (realName ? '请留下您的姓名和手机号码，例如"张三 13800000000"。' : '请留下手机号码（姓名可选），仅供工作人员联系您，绝不透露。'),
    ask_contact_name: () => '请再告诉我您的姓名。',
    invalid_phone: () => '这个号码好像不对，请输入11位手机号码或带区号的座机号码。',
    confirm_summary: ({ draft }, l) =>
      `请核对您的举报：\n${summaryLines(draft, l, SLOT_ORDER, '：').join('\n')}\n回复 1 确认提交，回复 2 修改；也可以直接说"不对，是……"。`,
    confirm_again: () => '回复 1 确认提交，回复 2 修改。',
    which_field: ({ slots }, l) => `要修改哪一项？回复数字：\n${slots.map((s, i) => `${i + 1} ${l.slots[s]}`).join('\n')}`,
    case_opened: ({ number, identity, urgent, unit }) =>
      `已登记，案件编号 ${number}，将转交${unit}办理。\n${urgent ? '您反映的情况比较紧急，已提示值班人员优先处理。\n' : ''}是否受理会在15日内告诉您，受理后60日内办结答复，进展会在这里通知您。发送"查询"可随时查看。${identity === 'anonymous' ? '\n您选择了匿名，工作人员看不到您的身份。' : '\n您的身份信息会严格保密，不会透露给被举报方。'}`,
    status_none: () => '您还没有通过这里登记的举报。',
    status_not_found: ({ number }) => `没有找到您名下编号为 ${number} 的案件，请核对编号。`,
    status_detail: ({ detail }, l) =>
      `案件 ${detail.number}｜${detail.categories.map((x) => l.categories[x]).join('、')}｜${detail.district ?? l.unknown}\n当前状态：${l.statuses[detail.status] ?? detail.status}\n` +
      detail.timeline.map((t) => `${t.day} ${l.events[t.type] ?? t.type}`).join('\n') +
      (detail.next ? `\n下一步：${l.clocks[detail.next.kind]}，期限 ${detail.next.due}` : ''),
    status_pick: ({ cases }, l) =>
      `您有 ${cases.length} 件正在办理的举报，请回复编号查看详情：\n${cases.map((c) => `${c.number}｜${c.categories.map((x) => l.categories[x]).join('、')}｜${c.district ?? l.unknown}｜${l.statuses[c.status] ?? c.status}`).join('\n')}`,
    case_accepted: ({ number, due }) => `您的举报 ${number} 已受理，将在 ${due} 前办结并答复您。`,
    case_forwarded: ({ number, unit }) => `您的举报 ${number} 已转交${unit.zh}办理，进展会继续在这里通知您。`,
    case_sent_back: ({ number }) => `您的举报 ${number} 正在重新确定办理单位，不影响办理期限，进展会继续通知您。`,
    case_in_progress: ({ number, unit, due }) => `${unit.zh}已开始办理您的举报 ${number}，答复期限为 ${due}。`,
    case_extended: ({ number, days, reason, due }) => `您的举报 ${number} 需要延期${days}日办理，原因：${reason}。新的答复期限为 ${due}。`,
    case_answered: ({ number, finding, action, final, reviewDue }, l) =>
      `您的举报 ${number} 已办结。核查结论：${l.findings[finding]}。处理情况：${action}\n请评价：回复 1 满意，2 基本满意，3 不满意。` +
      (final ? `\n如对答复不服，可在 ${reviewDue} 前向上一级机关申请复查。` : ''),
    case_reopened: ({ number, due }) => `已收到您的意见，举报 ${number} 已退回办理单位重新办理，答复期限为 ${due}。`,
    case_merged: ({ number, into }) => `您的举报 ${number} 与同一问题的案件 ${into} 合并办理，之后的进展会按 ${into} 通知您。`,
    rating_thanks: ({ number }) => `感谢您的评价，举报 ${number} 已完结。如有新的问题随时告诉我。`,
    rating_reminder: ({ number }) => `您的举报 ${number} 已办结答复，请评价处理结果：回复 1 满意，2 基本满意，3 不满意。`,
    ask_rating_reason: ({ number }) => `很抱歉处理结果没有让您满意。请告诉我哪里不满意（例如问题仍然存在），我会转给办理单位（举报 ${number}）。`,
    review_guidance: ({ number, due }) => `已记录您对举报 ${number} 的意见。该答复已是最终办理意见，如不服可在 ${due} 前向作出答复机关的上一级机关申请复查，并说明理由。`,
    review_expired: ({ number, due }) => `已记录您对举报 ${number} 的意见。申请复查的期限（${due}）已过；如出现新的情况，请直接描述，我们会作为新的举报登记。`,
    rating_refused: ({ number, why }) => (why === 'already_rated' ? `您已评价过举报 ${number}，谢谢。` : `举报 ${number} 还没有办结答复，办结后再请您评价。发送"查询"可查看进展。`),
    duplicate_offer: ({ cases }, l) =>
      `附近已有正在办理的同类举报：\n${cases.map((c, i) => `${i + 1} ${c.number}｜${c.categories.map((x) => l.categories[x]).join('、')}｜${c.district ?? l.unknown}｜${l.statuses[c.status] ?? c.status}`).join('\n')}\n如果是同一问题，回复对应数字加入该案件（进展同样通知您，反映人数会被记录）；回复 ${cases.length + 1} 仍然新建举报。`,
    case_joined: ({ number, reporters }) => `已将您的反映加入案件 ${number}（目前共 ${reporters} 位市民反映），进展会在这里通知您。`,
    which_case: ({ cases }, l) =>
      `您有正在办理的举报：\n${cases.map((c, i) => `${i + 1} ${c.number}｜${c.categories.map((x) => l.categories[x]).join('、')}｜${c.district ?? l.unknown}`).join('\n')}\n这条消息是补充其中一件吗？回复对应数字；如果是新问题，回复 ${cases.length + 1}。`,
    case_supplemented: ({ number }) => `已将您的补充内容加入举报 ${number}，办理单位处理时会看到。`,
    notices_off: ({ count }) => `好的，${count} 件举报的进展不再主动通知您；发送"查询"仍可随时查看，发送"恢复通知"重新开启。`,
    notices_on: ({ count }) => `好的，${count} 件举报的进展会继续通知您。`,
    forget_confirm: () => '确认删除您留下的联系方式（姓名、电话）吗？已完结的举报会立即删除；正在办理的举报在办结后删除，此前办理人员仍可联系您。\n回复 1 确认删除，回复 2 保留。',
    forget_done: ({ closed, open }) =>
      `已记下您的要求。${closed > 0 ? `已从 ${closed} 件已完结的举报中删除您的联系方式。` : ''}${open > 0 ? `${open} 件正在办理的举报会在办结后删除。` : ''}今后留下的联系方式也会在举报办结后删除。`,
    forget_kept: () => '好的，联系方式保留不变。',
    retention_erased: ({ contact, evidence, transcript }) =>
      [contact === 'request' ? '联系方式已按举报人要求删除' : contact === 'policy' ? '联系方式已按保存期限删除' : '', evidence > 0 ? `${evidence} 份照片等证据已按保存期限删除` : '', transcript > 0 ? `对话记录中 ${transcript} 条消息的个人信息已遮盖` : '']
        .filter((p) => p.length > 0)
        .join('；'),
    clock_reminder: ({ ref, clock, due }, l) => `【回音·时限提醒】${ref} 的${l.clocks[clock]}期限为 ${due}，请及时办理。`,
    system_busy: () => '抱歉，系统暂时繁忙，您的消息已保存，请稍后再发一次。',
    kept_for_later: () => '系统暂时无法处理您的消息，消息已保存，恢复后会自动继续处理，无需重发。',
    too_fast: () => '您发送得太快了，刚才的部分消息没有处理。请过一分钟再发，每次说清一件事即可。',
    page: ({ level, reason, ref, summary, due }, l) =>
      `【回音·${{ urgent: '紧急案件', human: '市民请求人工', not_understood: '机器人未能理解', overdue: '案件超期·督办' }[reason]}${level > 0 ? `·第${level + 1}级（上一级未确认）` : ''}】${ref}\n` +
      `${summary.categories.map((c) => l.categories[c as keyof typeof l.categories] ?? c).join('、') || l.unknown}｜${summary.place ?? l.unknown}｜${summary.target ?? l.unknown}｜${summary.time ?? l.unknown}\n` +
      `${summary.description ?? ''}\n请在 ${due} 前回复"认领 ${ref}"确认，否则将通知下一级。\n也可：接管 ${ref}｜回复 ${ref} 内容｜转办 ${ref} 单位代码 理由｜不予受理 ${ref} 去向 理由`,
    page_acked: ({ ref, count }) => (count > 0 ? `已认领 ${ref}，不再通知下一级。` : `${ref} 没有待确认的通知（可能已被认领）。`),
    staff_help: () =>
      '工作人员命令（编号为案件编号或 #会话号）：\n认领 编号 —— 确认收到通知\n接管 编号 —— 接管对话，市民消息转给您\n回复 编号 内容 —— 回复市民\n释放 编号 —— 交还机器人\n受理 编号\n不予受理 编号 去向 理由\n转办 编号 单位代码 理由\n退回 编号 理由 —— 转办来的案件5个工作日内可退回\n办理 编号 —— 开始办理\n延期 编号 天数 理由 —— 仅一次，最长30日\n办结 编号 属实|部分属实|基本属实|不属实 处理情况\n督办 编号 理由（督查人员）\n合并 编号 并入编号',
    staff_done: ({ ref, action, unit }) =>
      ({ claimed: `已接管 ${ref}：市民的消息会转给您，用"回复 ${ref} 内容"回复，结束时发"释放 ${ref}"。`, released: `已释放 ${ref}，由机器人继续接待。`, replied: `已回复 ${ref}。`, forwarded: `已将 ${ref} 转办给 ${unit ?? ''}。`, rejected: `已将 ${ref} 标为不予受理，并告知市民。`,
        accepted: `已受理 ${ref}，并告知市民。`, sent_back: `已退回 ${ref}${unit ? `给 ${unit}` : ''}。`, started: `${ref} 已标为办理中。`, extended: `${ref} 已延期，原因已告知市民。`,
        answered: `${ref} 已办结，答复已发给市民并请其评价。`, supervised: `${ref} 已挂牌督办。`, merged: `${ref} 已合并${unit ? `到 ${unit}` : ''}，市民会收到通知。` })[action],
    staff_refused: ({ ref, why }) =>
      `无法处理 ${ref}：${{ not_found: '没有这个编号', other_unit: '不是本单位的案件', claimed: '已由其他工作人员接管', unknown_unit: '没有这个单位代码', not_a_case: '这是会话编号，不是案件编号', not_holder: '您没有接管这个对话',
        wrong_status: '案件当前状态不允许这个操作', not_accepted_yet: '案件尚未受理', already_extended: '已延期过一次，不能再延期', bad_extension: '延期天数须为1至30日',
        send_back_late: '已超过5个工作日的退回期限', same_unit: '已是该单位办理', already_rated: '已评价', already_supervised: '已在督办中', not_supervisor: '仅督查人员可以督办' }[why]}。`,
    reporter_unreachable: ({ ref, reason }) => `注意：${ref} 的市民目前收不到消息（平台拒绝投递：${reason}），消息已保存为未送达。`,
    reporter_outside_window: ({ ref, hours }) => `注意：${ref} 的市民已超过 ${hours} 小时没有发来消息，平台要等其再次发消息后才允许回复。您的消息已保存，将在其再次发消息时送达。`,
    relay: ({ ref, text }) => `【市民 ${ref}】${text}`,
    staff_message: ({ text }) => `【值班工作人员】${text}`,
    staff_joined: () => '值班工作人员已接入，将直接在这里与您沟通。',
    staff_left: () => '值班工作人员已结束本次对话。如有新情况，请继续在这里告诉我。',
    case_not_accepted: ({ number, reason, body }) => `您的举报 ${number} 不予受理。原因：${reason}。建议向${body}反映。如有疑问可回复"查询"。`,
    not_staff: () => '该指令仅限登记的工作人员使用。如需举报，请直接描述问题。',
    choice_outdated: () => '这个按钮对应的是之前的问题，没有采用。请回答最新的问题，也可以直接输入。',
    staff_only_button: () => '仅限登记的工作人员操作。',
    staff_button_sent: ({ command }) => `已提交"${command}"，结果见与机器人的私聊。`,
  },
};
