// The default 投诉问题标准库 every installation starts with: what a Chinese property service desk
// receives, grouped as property companies group it, with the limits they commit to. Codes are
// positional (01 房屋质量 → 0101 渗漏 → 010103 卫生间渗漏) and stable, so an administrator's
// export of the catalogue updates these items by code when imported again.
import { count } from 'drizzle-orm';
import { type CatalogueRow, insertNode, lockCatalogue } from '../../modules/catalogue/catalogue.service.js';
import { catalogueNode, type Severity, type TicketType } from '../../modules/catalogue/catalogue.table.js';
import { write } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { systemContext } from './system-context.js';

const MIN = 1;
const HOUR = 60;
/** A business day: the statutory 8 working hours. Limits in business time count working minutes. */
const WORKDAY = 8 * HOUR;

type Department = 'customer_service' | 'engineering' | 'security' | 'environment' | 'finance' | 'delivery';
type Trade =
  | 'roof_waterproofing'
  | 'wet_room_waterproofing'
  | 'structure'
  | 'electrical'
  | 'plumbing'
  | 'heating'
  | 'decoration'
  | 'doors_windows'
  | 'equipment'
  | 'landscape'
  | 'public'
  | 'service';

export interface SeedItem {
  name: string;
  types: TicketType[];
  department: Department;
  severity: Severity;
  response: number;
  resolution: number;
  /** 24×7: urgent safety matters do not wait for office hours. */
  calendar?: boolean;
  /** Defaults to a return visit, as for every ticket that fixes something. */
  visit?: boolean;
  trade?: Trade;
}

export interface SeedCategory {
  name: string;
  children: (SeedCategory | SeedItem)[];
}

const repair: TicketType[] = ['repair', 'complaint'];
const complaint: TicketType[] = ['complaint'];
const complaintSuggestion: TicketType[] = ['complaint', 'suggestion'];
const fees: TicketType[] = ['complaint', 'query', 'consultation'];
const ask: TicketType[] = ['consultation', 'query'];

/** House-quality defects: each carries the trade whose contractor warranty covers it. */
const houseQuality: SeedCategory = {
  name: '房屋质量',
  children: [
    {
      name: '渗漏',
      children: [
        {
          name: '屋面渗漏',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'roof_waterproofing',
        },
        {
          name: '外墙渗水',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'wet_room_waterproofing',
        },
        {
          name: '卫生间渗漏',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'wet_room_waterproofing',
        },
        {
          name: '厨房渗漏',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'wet_room_waterproofing',
        },
        {
          name: '窗台渗水',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'wet_room_waterproofing',
        },
        {
          name: '阳台渗水',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'wet_room_waterproofing',
        },
        {
          name: '地下室渗水',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'roof_waterproofing',
        },
      ],
    },
    {
      name: '裂缝',
      children: [
        {
          name: '墙面裂缝',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'decoration',
        },
        {
          name: '楼板裂缝',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 2 * HOUR,
          resolution: 10 * WORKDAY,
          trade: 'structure',
        },
        {
          name: '梁柱裂缝',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 2 * HOUR,
          resolution: 10 * WORKDAY,
          trade: 'structure',
        },
      ],
    },
    {
      name: '门窗',
      children: [
        {
          name: '入户门故障',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'doors_windows',
        },
        {
          name: '窗户密封不良',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'doors_windows',
        },
        {
          name: '玻璃破损',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'doors_windows',
        },
        {
          name: '门窗五金损坏',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'doors_windows',
        },
      ],
    },
    {
      name: '给排水',
      children: [
        {
          name: '水管爆裂',
          types: repair,
          department: 'engineering',
          severity: 'urgent',
          response: 15 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
          trade: 'plumbing',
        },
        {
          name: '管道漏水',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'plumbing',
        },
        {
          name: '下水堵塞',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'plumbing',
        },
        {
          name: '水压不足',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'plumbing',
        },
        {
          name: '洁具损坏',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'plumbing',
        },
      ],
    },
    {
      name: '电气',
      children: [
        {
          name: '跳闸',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 30 * MIN,
          resolution: 4 * HOUR,
          trade: 'electrical',
        },
        {
          name: '插座无电',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'electrical',
        },
        {
          name: '照明故障',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'electrical',
        },
        {
          name: '开关面板损坏',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'electrical',
        },
      ],
    },
    {
      name: '装修',
      children: [
        {
          name: '墙面空鼓',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'decoration',
        },
        {
          name: '地板起拱',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'decoration',
        },
        {
          name: '瓷砖脱落',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'decoration',
        },
        {
          name: '墙面发霉起皮',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'decoration',
        },
        {
          name: '吊顶脱落',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 1 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'decoration',
        },
      ],
    },
    {
      name: '供暖',
      children: [
        {
          name: '暖气不热',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'heating',
        },
        {
          name: '暖气漏水',
          types: repair,
          department: 'engineering',
          severity: 'urgent',
          response: 15 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
          trade: 'heating',
        },
      ],
    },
  ],
};

const publicFacilities: SeedCategory = {
  name: '公共设施',
  children: [
    {
      name: '电梯',
      children: [
        {
          name: '电梯困人',
          types: repair,
          department: 'engineering',
          severity: 'urgent',
          response: 15 * MIN,
          resolution: 2 * HOUR,
          calendar: true,
          trade: 'equipment',
        },
        {
          name: '电梯故障',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 30 * MIN,
          resolution: 1 * WORKDAY,
          trade: 'equipment',
        },
        {
          name: '电梯异响',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'equipment',
        },
      ],
    },
    {
      name: '门禁对讲',
      children: [
        {
          name: '门禁故障',
          types: repair,
          department: 'engineering',
          severity: 'normal',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'equipment',
        },
        {
          name: '可视对讲故障',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'equipment',
        },
      ],
    },
    {
      name: '照明与供电',
      children: [
        {
          name: '公共区域停电',
          types: repair,
          department: 'engineering',
          severity: 'urgent',
          response: 15 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
          trade: 'electrical',
        },
        {
          name: '路灯损坏',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'public',
        },
        {
          name: '楼道灯不亮',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'electrical',
        },
      ],
    },
    {
      name: '公共给排水',
      children: [
        {
          name: '公共区域停水',
          types: repair,
          department: 'engineering',
          severity: 'urgent',
          response: 15 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
          trade: 'plumbing',
        },
        {
          name: '污水井堵塞外溢',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'plumbing',
        },
      ],
    },
    {
      name: '消防设施',
      children: [
        {
          name: '火警报警',
          types: repair,
          department: 'security',
          severity: 'urgent',
          response: 5 * MIN,
          resolution: 1 * HOUR,
          calendar: true,
          trade: 'equipment',
        },
        {
          name: '消防设施损坏',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'equipment',
        },
        {
          name: '消防通道堵塞',
          types: complaint,
          department: 'security',
          severity: 'high',
          response: 30 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
        },
      ],
    },
    {
      name: '其他公共设施',
      children: [
        {
          name: '监控设施故障',
          types: repair,
          department: 'security',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'equipment',
        },
        {
          name: '健身器材损坏',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'public',
        },
        {
          name: '信报箱损坏',
          types: repair,
          department: 'engineering',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'public',
        },
        {
          name: '道路井盖破损',
          types: repair,
          department: 'engineering',
          severity: 'high',
          response: 30 * MIN,
          resolution: 1 * WORKDAY,
          trade: 'public',
        },
      ],
    },
  ],
};

const environment: SeedCategory = {
  name: '环境与保洁',
  children: [
    {
      name: '保洁',
      children: [
        {
          name: '公共区域卫生差',
          types: complaintSuggestion,
          department: 'environment',
          severity: 'low',
          response: 2 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'service',
        },
        {
          name: '垃圾清运不及时',
          types: complaint,
          department: 'environment',
          severity: 'normal',
          response: 1 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'service',
        },
        {
          name: '装修垃圾乱堆放',
          types: complaint,
          department: 'environment',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 1 * WORKDAY,
          trade: 'service',
        },
      ],
    },
    {
      name: '绿化',
      children: [
        {
          name: '绿化养护不到位',
          types: complaintSuggestion,
          department: 'environment',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'landscape',
        },
        {
          name: '树木修剪',
          types: ['repair', 'suggestion'],
          department: 'environment',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 5 * WORKDAY,
          trade: 'landscape',
        },
        {
          name: '绿地被占用',
          types: complaint,
          department: 'environment',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'landscape',
        },
      ],
    },
    {
      name: '消杀',
      children: [
        {
          name: '蚊虫鼠害',
          types: complaint,
          department: 'environment',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
          trade: 'service',
        },
        {
          name: '水景水质差',
          types: complaintSuggestion,
          department: 'environment',
          severity: 'low',
          response: 4 * HOUR,
          resolution: 3 * WORKDAY,
          trade: 'landscape',
        },
      ],
    },
  ],
};

const security: SeedCategory = {
  name: '安全秩序',
  children: [
    {
      name: '出入管理',
      children: [
        {
          name: '陌生人进入',
          types: complaint,
          department: 'security',
          severity: 'high',
          response: 15 * MIN,
          resolution: 1 * HOUR,
          calendar: true,
        },
        {
          name: '访客登记不规范',
          types: complaintSuggestion,
          department: 'security',
          severity: 'low',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
        },
      ],
    },
    {
      name: '治安',
      children: [
        {
          name: '失窃报案',
          types: complaint,
          department: 'security',
          severity: 'urgent',
          response: 10 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
        },
        {
          name: '高空抛物',
          types: complaint,
          department: 'security',
          severity: 'high',
          response: 15 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
        },
      ],
    },
    {
      name: '邻里纠纷',
      children: [
        {
          name: '噪音扰民',
          types: complaint,
          department: 'security',
          severity: 'normal',
          response: 30 * MIN,
          resolution: 4 * HOUR,
          calendar: true,
        },
        {
          name: '不文明养犬',
          types: complaint,
          department: 'security',
          severity: 'low',
          response: 2 * HOUR,
          resolution: 2 * WORKDAY,
        },
        {
          name: '违规装修',
          types: complaint,
          department: 'security',
          severity: 'normal',
          response: 1 * HOUR,
          resolution: 2 * WORKDAY,
        },
        {
          name: '违章搭建',
          types: complaint,
          department: 'security',
          severity: 'normal',
          response: 2 * HOUR,
          resolution: 10 * WORKDAY,
        },
      ],
    },
  ],
};

const parking: SeedCategory = {
  name: '停车管理',
  children: [
    {
      name: '车位被占用',
      types: complaint,
      department: 'security',
      severity: 'normal',
      response: 15 * MIN,
      resolution: 2 * HOUR,
      calendar: true,
    },
    {
      name: '车辆乱停乱放',
      types: complaint,
      department: 'security',
      severity: 'low',
      response: 1 * HOUR,
      resolution: 4 * HOUR,
    },
    {
      name: '道闸故障',
      types: repair,
      department: 'engineering',
      severity: 'high',
      response: 15 * MIN,
      resolution: 2 * HOUR,
      calendar: true,
      trade: 'equipment',
    },
    {
      name: '车辆剐蹭',
      types: complaint,
      department: 'security',
      severity: 'normal',
      response: 30 * MIN,
      resolution: 1 * WORKDAY,
    },
    {
      name: '充电桩故障',
      types: repair,
      department: 'engineering',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 3 * WORKDAY,
      trade: 'equipment',
    },
    {
      name: '停车收费争议',
      types: fees,
      department: 'finance',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 2 * WORKDAY,
    },
  ],
};

const attitude: SeedCategory = {
  name: '物业服务态度',
  children: [
    {
      name: '服务态度差',
      types: complaint,
      department: 'customer_service',
      severity: 'normal',
      response: 2 * HOUR,
      resolution: 2 * WORKDAY,
      trade: 'service',
    },
    {
      name: '维修人员未按约上门',
      types: complaint,
      department: 'customer_service',
      severity: 'normal',
      response: 1 * HOUR,
      resolution: 1 * WORKDAY,
      trade: 'service',
    },
    {
      name: '报修处理不及时',
      types: complaint,
      department: 'customer_service',
      severity: 'normal',
      response: 1 * HOUR,
      resolution: 1 * WORKDAY,
      trade: 'service',
    },
    {
      name: '维修质量差需返修',
      types: complaint,
      department: 'engineering',
      severity: 'normal',
      response: 2 * HOUR,
      resolution: 3 * WORKDAY,
      trade: 'service',
    },
    {
      name: '工作人员索要财物',
      types: complaint,
      department: 'customer_service',
      severity: 'high',
      response: 1 * HOUR,
      resolution: 2 * WORKDAY,
      trade: 'service',
    },
  ],
};

const charges: SeedCategory = {
  name: '收费问题',
  children: [
    {
      name: '物业费收费异议',
      types: fees,
      department: 'finance',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 3 * WORKDAY,
    },
    {
      name: '水电费异常',
      types: fees,
      department: 'finance',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 3 * WORKDAY,
    },
    {
      name: '发票开具',
      types: fees,
      department: 'finance',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 2 * WORKDAY,
    },
    {
      name: '公共收益公示',
      types: ['query', 'complaint', 'suggestion'],
      department: 'finance',
      severity: 'low',
      response: 1 * WORKDAY,
      resolution: 5 * WORKDAY,
    },
    {
      name: '专项维修资金使用',
      types: ['query', 'consultation'],
      department: 'finance',
      severity: 'low',
      response: 1 * WORKDAY,
      resolution: 5 * WORKDAY,
    },
  ],
};

/** Answered on the phone most of the time: short limits, no return visit. */
const consultations: SeedCategory = {
  name: '咨询类',
  children: [
    {
      name: '物业费标准',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 2 * HOUR,
      visit: false,
    },
    {
      name: '装修手续',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 4 * HOUR,
      visit: false,
    },
    {
      name: '入伙手续',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 4 * HOUR,
      visit: false,
    },
    {
      name: '产权证办理进度',
      types: ask,
      department: 'delivery',
      severity: 'low',
      response: 1 * HOUR,
      resolution: 1 * WORKDAY,
      visit: false,
    },
    {
      name: '停车办理',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 2 * HOUR,
      visit: false,
    },
    {
      name: '门禁卡办理',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 2 * HOUR,
      visit: false,
    },
    {
      name: '水电燃气开户',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 4 * HOUR,
      visit: false,
    },
    {
      name: '房屋保修期限',
      types: ask,
      department: 'customer_service',
      severity: 'low',
      response: 30 * MIN,
      resolution: 4 * HOUR,
      visit: false,
    },
  ],
};

const suggestionsAndPraise: SeedCategory = {
  name: '建议与表扬',
  children: [
    {
      name: '服务改进建议',
      types: ['suggestion'],
      department: 'customer_service',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 5 * WORKDAY,
      trade: 'service',
    },
    {
      name: '设施增设建议',
      types: ['suggestion'],
      department: 'customer_service',
      severity: 'low',
      response: 1 * WORKDAY,
      resolution: 10 * WORKDAY,
    },
    {
      name: '社区活动建议',
      types: ['suggestion'],
      department: 'customer_service',
      severity: 'low',
      response: 1 * WORKDAY,
      resolution: 5 * WORKDAY,
      visit: false,
    },
    {
      name: '表扬员工',
      types: ['praise'],
      department: 'customer_service',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 2 * WORKDAY,
      visit: false,
      trade: 'service',
    },
    {
      name: '锦旗与感谢信',
      types: ['praise'],
      department: 'customer_service',
      severity: 'low',
      response: 4 * HOUR,
      resolution: 2 * WORKDAY,
      visit: false,
      trade: 'service',
    },
  ],
};

export const defaultCatalogue: SeedCategory[] = [
  houseQuality,
  publicFacilities,
  environment,
  security,
  parking,
  attitude,
  charges,
  consultations,
  suggestionsAndPraise,
];

const isCategory = (node: SeedCategory | SeedItem): node is SeedCategory => 'children' in node;
class AlreadySeeded extends Error {}

/**
 * Seeds the default catalogue into an empty one (at every start, so every installation has it).
 * A catalogue with anything in it is left alone: an item an administrator deleted stays deleted.
 * Under an advisory lock, so two instances starting together seed it once.
 */
export async function seedCatalogue(deps: Deps): Promise<boolean> {
  const [existing] = await deps.db.select({ n: count() }).from(catalogueNode);
  if ((existing?.n ?? 0) > 0) return false;
  try {
    await write(deps, systemContext('bootstrap'), async (tx, audit) => {
      await lockCatalogue(tx);
      const [again] = await tx.select({ n: count() }).from(catalogueNode);
      // Another instance starting at the same moment got there first.
      if ((again?.n ?? 0) > 0) throw new AlreadySeeded();
      const now = deps.clock();
      let categories = 0;
      let items = 0;
      const add = async (nodes: (SeedCategory | SeedItem)[], parent: CatalogueRow | null) => {
        for (const [index, node] of nodes.entries()) {
          const code = `${parent?.code ?? ''}${String(index + 1).padStart(2, '0')}`;
          const place = { code, sortOrder: (index + 1) * 10, now };
          if (isCategory(node)) {
            const row = await insertNode(
              tx,
              parent,
              'category',
              {
                name: node.name,
                ticketTypes: [],
                department: null,
                severity: null,
                responseMinutes: null,
                resolutionMinutes: null,
                calendarTime: false,
                returnVisitRequired: false,
                trade: null,
              },
              place,
            );
            categories++;
            await add(node.children, row);
          } else {
            await insertNode(
              tx,
              parent,
              'item',
              {
                name: node.name,
                ticketTypes: node.types,
                department: node.department,
                severity: node.severity,
                responseMinutes: node.response,
                resolutionMinutes: node.resolution,
                calendarTime: node.calendar ?? false,
                returnVisitRequired: node.visit ?? true,
                trade: node.trade ?? null,
              },
              place,
            );
            items++;
          }
        }
      };
      await add(defaultCatalogue, null);
      audit.record({
        action: 'catalogue.seed',
        entityType: 'catalogue_node',
        summary: `内置投诉问题标准库：分类 ${categories} 个、问题 ${items} 个`,
      });
    });
    return true;
  } catch (error) {
    if (error instanceof AlreadySeeded) return false;
    throw error;
  }
}
