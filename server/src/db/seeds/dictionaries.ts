/** The code lists every installation starts with; administrators edit them under 数据字典. */
export const builtinDictionaries: ReadonlyArray<{
  code: string;
  name: string;
  nameEn: string;
  description: string;
  items: ReadonlyArray<readonly [code: string, label: string, labelEn: string]>;
}> = [
  {
    code: 'customer_source',
    name: '客户来源',
    nameEn: 'Customer source',
    description: '客户最初从哪里来',
    items: [
      ['call_in', '来电咨询', 'Phone enquiry'],
      ['visit', '到访', 'Walk-in'],
      ['referral', '老带新', 'Referral'],
      ['agent', '中介渠道', 'Estate agent'],
      ['online', '网络推广', 'Online'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'room_type',
    name: '房间类型',
    nameEn: 'Room type',
    description: '房间的业态',
    items: [
      ['residence', '住宅', 'Residence'],
      ['shop', '商铺', 'Shop'],
      ['office', '写字楼', 'Office'],
      ['parking', '车位', 'Parking space'],
      ['storage', '储藏室', 'Storage'],
    ],
  },
  {
    code: 'complaint_channel',
    name: '受理渠道',
    nameEn: 'Reception channel',
    description: '客户通过什么渠道提出诉求',
    items: [
      ['phone', '电话', 'Phone'],
      ['walk_in', '来访', 'Walk-in'],
      ['portal', '业主 App', 'Resident portal'],
      ['wechat', '微信', 'WeChat'],
      ['email', '邮件', 'E-mail'],
      ['inspection', '巡检', 'Inspection'],
      ['handover', '交付', 'Handover'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'position',
    name: '岗位',
    nameEn: 'Position',
    description: '员工岗位，用于派工与统计',
    items: [
      ['cs_agent', '客服专员', 'Service agent'],
      ['cs_supervisor', '客服主管', 'Service supervisor'],
      ['technician', '维修工', 'Technician'],
      ['engineering_lead', '工程主管', 'Engineering lead'],
      ['project_manager', '项目经理', 'Project manager'],
      ['security', '秩序维护员', 'Security officer'],
      ['cleaner', '保洁员', 'Cleaner'],
      ['delivery_specialist', '交付专员', 'Delivery specialist'],
    ],
  },
  {
    code: 'customer_tag',
    name: '客户标签',
    nameEn: 'Customer tag',
    description: '服务中需要特别关注的客户特征',
    items: [
      ['vip', 'VIP', 'VIP'],
      ['opinion_leader', '意见领袖', 'Opinion leader'],
      ['elderly_alone', '独居老人', 'Elderly living alone'],
      ['sensitive', '投诉敏感', 'Complaint-sensitive'],
      ['media', '媒体从业者', 'Works in media'],
      ['lawyer', '律师', 'Lawyer'],
    ],
  },
  {
    code: 'id_type',
    name: '证件类型',
    nameEn: 'ID type',
    description: '客户证件类型',
    items: [
      ['resident_id', '居民身份证', 'Resident ID card'],
      ['hk_macao_permit', '港澳居民来往内地通行证', 'Home Return Permit (HK/Macao)'],
      ['taiwan_permit', '台湾居民来往大陆通行证', 'Taiwan Compatriot Permit'],
      ['passport', '护照', 'Passport'],
      ['uscc', '统一社会信用代码', 'Unified social credit code'],
    ],
  },
  {
    code: 'family_relation',
    name: '家庭关系',
    nameEn: 'Family relation',
    description: '家庭成员与业主的关系',
    items: [
      ['spouse', '配偶', 'Spouse'],
      ['child', '子女', 'Child'],
      ['parent', '父母', 'Parent'],
      ['sibling', '兄弟姐妹', 'Sibling'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'room_orientation',
    name: '朝向',
    nameEn: 'Orientation',
    description: '房间朝向',
    items: [
      ['s', '南', 'South'],
      ['n', '北', 'North'],
      ['e', '东', 'East'],
      ['w', '西', 'West'],
      ['se', '东南', 'South-east'],
      ['sw', '西南', 'South-west'],
      ['ne', '东北', 'North-east'],
      ['nw', '西北', 'North-west'],
      ['ns', '南北通透', 'North–south through'],
    ],
  },
];
