// Demo 解决方案库: the answers a call center reads out most, linked to the default catalogue's
// items by name so the reception screen finds them for the item being recorded.
import { inArray } from 'drizzle-orm';
import { solutionArticle } from '../../modules/casework/casework.table.js';
import type { TicketType } from '../../modules/catalogue/catalogue.table.js';
import { catalogueNode } from '../../modules/catalogue/catalogue.table.js';
import { nameKeys } from '../../modules/customer/customer.names.js';
import type { AuditRecorder } from '../../platform/audit.js';
import type { Tx } from '../client.js';

interface DemoArticle {
  title: string;
  body: string;
  keywords: string[];
  /** Catalogue item names (default catalogue). */
  items: string[];
  types: TicketType[];
  /** Shanghai company's own article; others are group-wide. */
  shanghai?: boolean;
}

const consult: TicketType[] = ['consultation', 'query'];

export const demoArticles: DemoArticle[] = [
  {
    title: '物业费缴纳方式',
    body: '物业费可通过以下方式缴纳：1. “邻里生活”微信小程序 › 生活缴费，支持微信支付；2. 管理处客服中心前台刷卡或扫码（工作日 9:00–18:00）；3. 银行代扣，携带业主身份证和银行卡到客服中心签订代扣协议，每月 15 日扣款。缴费后电子发票将在 3 个工作日内发送至预留手机。',
    keywords: ['交物业费', '缴费', '代扣', '物业管理费'],
    items: ['物业费标准', '物业费收费异议'],
    types: ['consultation', 'query', 'complaint'],
  },
  {
    title: '装修申请流程',
    body: '装修前请到管理处客服中心办理装修申请：1. 提交业主身份证、房产证明或购房合同复印件、装修方案和施工单位资质；2. 签订《装修管理服务协议》，缴纳装修押金（按管理处公示标准）；3. 领取《装修许可证》和施工人员出入证后方可开工。施工时间为工作日 8:00–12:00、14:00–18:00，周末及法定节假日不得进行产生噪音的施工。',
    keywords: ['装修手续', '装修许可', '装修押金', '开工'],
    items: ['装修手续', '违规装修'],
    types: consult,
  },
  {
    title: '门禁卡补办',
    body: '门禁卡遗失或损坏可到管理处客服中心补办：业主携带本人身份证，租户携带身份证和租赁合同，工本费 20 元/张。补办时原卡立即注销，新卡当场开通。也可在“邻里生活”小程序开通手机蓝牙开门，无需补卡。',
    keywords: ['门卡', '门禁卡丢了', '钥匙扣', '补卡'],
    items: ['门禁卡办理', '门禁故障'],
    types: consult,
  },
  {
    title: '停车月卡办理',
    body: '办理停车月卡请携带行驶证、驾驶证、业主身份证（或租赁合同）到管理处客服中心。月卡按自然月计费，可一次缴纳 1–12 个月；固定车位业主凭产权或租赁合同办理，车辆信息录入后当天生效。更换车牌请同样到前台登记。',
    keywords: ['月租车位', '停车卡', '车位办理', '月保'],
    items: ['停车办理', '停车收费争议'],
    types: consult,
    shanghai: true,
  },
  {
    title: '快递代收',
    body: '小区快递由南门智能快递柜和快递驿站代收，驿站营业时间 8:00–21:00。贵重物品、生鲜请选择送货上门；管理处前台不代收快递，也不代付任何费用。快递丢失请先联系快递公司，管理处可协助调阅驿站监控。',
    keywords: ['快递柜', '驿站', '包裹', '代收快递'],
    items: ['服务改进建议'],
    types: ['consultation', 'suggestion'],
    shanghai: true,
  },
  {
    title: '宠物管理规定',
    body: '小区养犬须依法办理犬只登记和免疫，出户时束牵引绳（不超过 1.5 米）并及时清理粪便；禁止携犬进入儿童游乐区和电梯高峰时段人多的轿厢。遇不文明养犬行为可拨打管理处电话，秩序维护员将到场劝导并记录，多次违规的将报告所在街道和公安部门处理。',
    keywords: ['养狗', '遛狗', '狗粪', '犬只', '宠物'],
    items: ['不文明养犬'],
    types: ['consultation', 'complaint'],
  },
  {
    title: '卫生间渗漏应急处理',
    body: '发现卫生间渗漏：1. 先关闭卫生间的进水阀门，停止使用淋浴和浴缸；2. 用毛巾或水桶接水，移开楼下可能被淋湿的电器；3. 拍照记录渗水位置（楼上地面、楼下顶板）；4. 报修后工程人员会在约定时间上门，用闭水试验确认是防水层还是管道问题。交付 5 年内的防水渗漏由承建商保修。',
    keywords: ['漏水', '渗水', '楼上漏水', '防水', '天花板滴水'],
    items: ['卫生间渗漏', '厨房渗漏'],
    types: ['repair', 'consultation'],
  },
  {
    title: '空调冷凝水',
    body: '空调冷凝水滴落或倒灌：1. 确认室外机冷凝水管是否接入预留的冷凝水立管，没有接入的请联系空调安装单位整改；2. 冷凝水管堵塞会导致室内机滴水，可请安装单位疏通；3. 楼上空调滴水到本户窗台，管理处可上门协调楼上住户。冷凝水立管本身堵塞或破损由管理处工程部维修。',
    keywords: ['空调滴水', '空调漏水', '冷凝管', '滴水扰民'],
    items: ['管道漏水', '窗台渗水'],
    types: ['repair', 'consultation', 'complaint'],
  },
  {
    title: '下水道堵塞自查',
    body: '下水不畅时可先自查：1. 只有一个地漏或洗手盆慢，多为毛发和油污堵塞，可拆开存水弯清理或使用疏通剂；2. 全屋下水都慢或马桶冒水，可能是公共立管堵塞，请立即停止用水并报修；3. 不要向马桶倾倒油脂、湿巾和猫砂。户内管道疏通为有偿服务，公共立管疏通免费。',
    keywords: ['下水慢', '马桶堵', '地漏', '疏通'],
    items: ['下水堵塞', '污水井堵塞外溢'],
    types: ['repair', 'consultation'],
  },
  {
    title: '燃气报修电话',
    body: '闻到燃气味请立即：关闭燃气表前阀门，打开门窗通风，不要开关电器、不要使用明火和手机，到室外拨打燃气公司 24 小时抢修电话（上海燃气 962777，杭州燃气 96577）和管理处值班电话。燃气开户、改管、表具故障请直接联系燃气公司，管理处可协助联系。',
    keywords: ['煤气', '燃气泄漏', '天然气', '燃气公司电话'],
    items: ['水电燃气开户'],
    types: ['consultation', 'repair'],
  },
  {
    title: '水电费查询',
    body: '自来水和电费由水务、电力公司直接抄表收费：电费可在“网上国网”App 查询和缴纳，水费可在当地水务公司公众号查询。公共区域分摊的水电费按月在管理处公告栏和“邻里生活”小程序公示。如对用量有异议，可申请管理处陪同核对表底数。',
    keywords: ['电费', '水费', '抄表', '用电量'],
    items: ['水电费异常', '水电燃气开户'],
    types: consult,
  },
  {
    title: '电梯困人应急',
    body: '被困电梯时：1. 保持冷静，按轿厢内警铃或对讲按钮联系监控中心，告知楼栋和电梯编号；2. 不要强行扒门或攀爬；3. 监控中心立即通知电梯维保单位，城区 30 分钟内到场救援，期间秩序维护员到场安抚。接到电梯困人报告，客服须立即派单并全程跟进至解困，按特急事件 24 小时计时。',
    keywords: ['困电梯', '电梯关人', '电梯停运', '电梯故障'],
    items: ['电梯困人', '电梯故障'],
    types: ['repair', 'consultation'],
  },
  {
    title: '噪音投诉处理流程',
    body: '接到噪音投诉：1. 记录噪音类型（装修、宠物、娱乐、设备）、时间和来源房号；2. 装修噪音在禁止施工时段的，秩序维护员 15 分钟内到场制止；3. 邻里生活噪音先由管理处上门沟通劝导，并回访投诉人；4. 夜间（22:00–6:00）持续噪音可建议业主拨打 110，管理处配合提供情况。每次处理结果都须回访投诉人。',
    keywords: ['扰民', '吵', '夜间噪音', '装修噪音'],
    items: ['噪音扰民', '违规装修'],
    types: ['complaint', 'consultation'],
  },
  {
    title: '房屋保修期说明',
    body: '依据《建设工程质量管理条例》第四十条，在正常使用条件下，房屋的最低保修期限为：地基基础工程和主体结构工程，为设计文件规定的合理使用年限；屋面防水工程、有防水要求的卫生间、房间和外墙面的防渗漏，为 5 年；供热与供冷系统，为 2 个采暖期、供冷期；电气管线、给排水管道、设备安装和装修工程，为 2 年。保修期自交付之日起计算，保修期内的质量问题由承建商免费维修，合同约定更长的从其约定。',
    keywords: ['保修', '质保', '保修期', '几年保修', '第四十条'],
    items: ['房屋保修期限', '屋面渗漏', '墙面裂缝'],
    types: ['consultation', 'query', 'repair'],
  },
  {
    title: '入伙办理材料',
    body: '办理入伙（收房）请携带：1. 《入伙通知书》；2. 购房合同原件；3. 全部产权人身份证原件（委托他人办理的另需公证委托书和受托人身份证）；4. 购房款结清证明。现场依次办理：资料核验 → 签订《前期物业服务合同》和《临时管理规约》→ 缴纳首期物业费 → 验房并签署《房屋交接书》→ 领取钥匙。',
    keywords: ['收房', '交房', '交付', '入住手续'],
    items: ['入伙手续', '产权证办理进度'],
    types: consult,
  },
];

/** Inserts the demo articles (group-wide, and the Shanghai company's own). */
export async function seedDemoSolutions(
  tx: Tx,
  audit: AuditRecorder,
  shanghai: { id: string; path: string },
  authorId: string,
  now: Date,
): Promise<void> {
  const names = [...new Set(demoArticles.flatMap((a) => a.items))];
  const nodes = await tx
    .select({ id: catalogueNode.id, name: catalogueNode.name })
    .from(catalogueNode)
    .where(inArray(catalogueNode.name, names));
  const idOf = new Map(nodes.map((n) => [n.name, n.id]));
  for (const a of demoArticles) {
    const keys = nameKeys(a.title);
    await tx.insert(solutionArticle).values({
      companyId: a.shanghai ? shanghai.id : null,
      orgPath: a.shanghai ? shanghai.path : '/',
      title: a.title,
      titlePinyin: keys.pinyin,
      titleInitials: keys.initials,
      body: a.body,
      keywords: a.keywords,
      catalogueNodeIds: a.items.flatMap((n) => idOf.get(n) ?? []),
      ticketTypes: a.types,
      createdBy: authorId,
      createdAt: now,
      updatedAt: now,
    });
  }
  audit.record({
    action: 'solution.create',
    entityType: 'solution_article',
    summary: `演示数据：解决方案 ${demoArticles.length} 篇`,
  });
}
