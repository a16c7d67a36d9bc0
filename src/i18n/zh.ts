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
    statuses: { registered: '已登记，等待受理', accepted: '已受理', rejected: '不予受理', forwarded: '已转办', handling: '办理中', closed: '已办结', verified: '已核实' },
    none: '无',
    outside: '四川省外',
    unknown: '不详',
    buttons: { confirm: '确认提交', change: '修改', resume: '继续填写', drop: '放弃', none: '没有', dontKnow: '不知道', shareLocation: '📍 发送我的位置', identity: { anonymous: '匿名', confidential: '保密', real_name: '实名' }, ack: '认领', takeOver: '接管' },
  },
  messages: {
    welcome: () => '您好，这里是回音环境投诉举报助手，24小时在线。请直接告诉我您遇到的环境问题，例如："郫都区犀浦街道有家塑料厂每天晚上排黑烟"。',
    faq: () =>
      '我们受理大气、水、噪声、固体废物、土壤、辐射和生态破坏等环境问题的投诉举报。\n登记后会立即给您案件编号；是否受理会在15日内告知，受理后60日内办结答复（特殊情况可延长一次，最长30日，并告知原因）。\n请直接描述问题、地点和对象即可开始。',
    help: () => '可以这样用：\n· 直接描述问题，我会一步步问清需要的信息\n· 说"不对，是温江区"随时更正\n· "取消"放弃当前举报，"重新开始"从头再来\n· "查询"或发送案件编号查看进展\n· "/lang en" 切换为英文',
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
    status_list: ({ cases }, l) =>
      `您的举报：\n${cases.map((c) => `${c.number}｜${c.categories.map((x) => l.categories[x]).join('、')}｜${c.district ?? l.unknown}｜${l.statuses[c.status] ?? c.status}`).join('\n')}`,
    status_not_found: ({ number }) => `没有找到您名下编号为 ${number} 的案件，请核对编号。`,
    system_busy: () => '抱歉，系统暂时繁忙，您的消息已保存，请稍后再发一次。',
    page: ({ level, reason, ref, summary, due }, l) =>
      `【回音·${{ urgent: '紧急案件', human: '市民请求人工', not_understood: '机器人未能理解' }[reason]}${level > 0 ? `·第${level + 1}级（上一级未确认）` : ''}】${ref}\n` +
      `${summary.categories.map((c) => l.categories[c as keyof typeof l.categories] ?? c).join('、') || l.unknown}｜${summary.place ?? l.unknown}｜${summary.target ?? l.unknown}｜${summary.time ?? l.unknown}\n` +
      `${summary.description ?? ''}\n请在 ${due} 前回复"认领 ${ref}"确认，否则将通知下一级。\n也可：接管 ${ref}｜回复 ${ref} 内容｜转办 ${ref} 单位代码 理由｜不予受理 ${ref} 去向 理由`,
    page_acked: ({ ref, count }) => (count > 0 ? `已认领 ${ref}，不再通知下一级。` : `${ref} 没有待确认的通知（可能已被认领）。`),
    staff_help: () =>
      '工作人员命令（编号为案件编号或 #会话号）：\n认领 编号 —— 确认收到通知\n接管 编号 —— 接管对话，市民消息转给您\n回复 编号 内容 —— 回复市民\n释放 编号 —— 交还机器人\n转办 编号 单位代码 理由\n不予受理 编号 去向 理由',
    staff_done: ({ ref, action, unit }) =>
      ({ claimed: `已接管 ${ref}：市民的消息会转给您，用"回复 ${ref} 内容"回复，结束时发"释放 ${ref}"。`, released: `已释放 ${ref}，由机器人继续接待。`, replied: `已回复 ${ref}。`, forwarded: `已将 ${ref} 转办给 ${unit ?? ''}。`, rejected: `已将 ${ref} 标为不予受理，并告知市民。` })[action],
    staff_refused: ({ ref, why }) =>
      `无法处理 ${ref}：${{ not_found: '没有这个编号', other_unit: '不是本单位的案件', claimed: '已由其他工作人员接管', unknown_unit: '没有这个单位代码', not_a_case: '这是会话编号，不是案件编号', not_holder: '您没有接管这个对话' }[why]}。`,
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
