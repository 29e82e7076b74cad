/**
 * The permission catalogue: one code per capability, grouped by module. Roles are sets of these
 * codes; routes declare the code they need. Labels are shown in the role editor's tree.
 */
export const permissionCatalogue = [
  {
    module: 'system',
    label: { 'zh-CN': '系统设置', 'en-US': 'System settings' },
    permissions: [
      { code: 'org.read', label: { 'zh-CN': '查看组织架构', 'en-US': 'View organisation' } },
      { code: 'org.manage', label: { 'zh-CN': '维护组织架构', 'en-US': 'Manage organisation' } },
      { code: 'project.read', label: { 'zh-CN': '查看项目', 'en-US': 'View projects' } },
      { code: 'project.manage', label: { 'zh-CN': '维护项目', 'en-US': 'Manage projects' } },
      { code: 'user.read', label: { 'zh-CN': '查看用户', 'en-US': 'View users' } },
      {
        code: 'user.manage',
        label: {
          'zh-CN': '维护用户（新建、停用、重置密码、解锁）',
          'en-US': 'Manage users (create, disable, reset, unlock)',
        },
      },
      { code: 'role.read', label: { 'zh-CN': '查看角色', 'en-US': 'View roles' } },
      { code: 'role.manage', label: { 'zh-CN': '维护角色与授权', 'en-US': 'Manage roles and grants' } },
    ],
  },
  {
    module: 'property',
    label: { 'zh-CN': '房产资料', 'en-US': 'Property' },
    permissions: [
      {
        code: 'property.read',
        label: { 'zh-CN': '查看楼栋、房间与房态', 'en-US': 'View buildings, rooms and room status' },
      },
      {
        code: 'property.manage',
        label: { 'zh-CN': '维护楼栋、房间与房源生成', 'en-US': 'Manage buildings, rooms and room generation' },
      },
      {
        code: 'property.import',
        label: { 'zh-CN': '从 Excel 批量导入房间与客户', 'en-US': 'Import rooms and customers from spreadsheets' },
      },
    ],
  },
  {
    module: 'customer',
    label: { 'zh-CN': '客户档案', 'en-US': 'Customers' },
    permissions: [
      {
        code: 'customer.read',
        label: { 'zh-CN': '查看客户（个人信息脱敏）', 'en-US': 'View customers (personal data masked)' },
      },
      {
        code: 'customer.manage',
        label: { 'zh-CN': '维护客户与迁入迁出', 'en-US': 'Manage customers and move-ins/outs' },
      },
      {
        code: 'customer.reveal',
        label: {
          'zh-CN': '查看完整证件号与手机号（需填写理由）',
          'en-US': 'Reveal full ID and mobile numbers (with a reason)',
        },
      },
      { code: 'customer.export', label: { 'zh-CN': '导出客户', 'en-US': 'Export customers' } },
      {
        code: 'customer.approve',
        label: { 'zh-CN': '审批客户更名', 'en-US': 'Approve customer renames' },
      },
      {
        code: 'customer.anonymise',
        label: { 'zh-CN': '按客户要求匿名化（不可恢复）', 'en-US': 'Anonymise a customer on request (irreversible)' },
      },
    ],
  },
  {
    module: 'service',
    label: { 'zh-CN': '客服基础', 'en-US': 'Service desk setup' },
    permissions: [
      { code: 'calendar.read', label: { 'zh-CN': '查看工作日历', 'en-US': 'View business calendars' } },
      {
        code: 'calendar.manage',
        label: { 'zh-CN': '维护工作日历与节假日安排', 'en-US': 'Manage business calendars and holiday schedules' },
      },
      { code: 'catalogue.read', label: { 'zh-CN': '查看投诉问题标准库', 'en-US': 'View the issue catalogue' } },
      { code: 'catalogue.manage', label: { 'zh-CN': '维护投诉问题标准库', 'en-US': 'Manage the issue catalogue' } },
      {
        code: 'contractor.read',
        label: { 'zh-CN': '查看承建商与保修范围', 'en-US': 'View contractors and warranties' },
      },
      {
        code: 'contractor.manage',
        label: { 'zh-CN': '维护承建商与保修范围', 'en-US': 'Manage contractors and warranties' },
      },
    ],
  },
  {
    module: 'ticket',
    label: { 'zh-CN': '客服工单', 'en-US': 'Service tickets' },
    permissions: [
      { code: 'ticket.read', label: { 'zh-CN': '查看接待记录与工单', 'en-US': 'View reception records and tickets' } },
      {
        code: 'ticket.create',
        label: { 'zh-CN': '登记接待记录、新建工单', 'en-US': 'Record receptions and raise tickets' },
      },
      { code: 'ticket.dispatch', label: { 'zh-CN': '派工与改派', 'en-US': 'Dispatch and reassign tickets' } },
      {
        code: 'ticket.handle',
        label: { 'zh-CN': '接单、更新进度、办结', 'en-US': 'Accept, update and resolve tickets' },
      },
      { code: 'ticket.visit', label: { 'zh-CN': '回访与关闭', 'en-US': 'Return visits and closing' } },
      { code: 'ticket.cancel', label: { 'zh-CN': '作废与合并工单', 'en-US': 'Cancel and merge tickets' } },
      { code: 'ticket.instruct', label: { 'zh-CN': '领导批示', 'en-US': 'Write leadership instructions' } },
      { code: 'ticket.export', label: { 'zh-CN': '导出工单', 'en-US': 'Export tickets' } },
      {
        code: 'compensation.request',
        label: { 'zh-CN': '申请赔付', 'en-US': 'Request compensation' },
      },
      {
        code: 'compensation.approve',
        label: { 'zh-CN': '审批赔付（按金额档位）', 'en-US': 'Approve compensation (by amount tier)' },
      },
      { code: 'topic.manage', label: { 'zh-CN': '维护投诉专题', 'en-US': 'Manage complaint topics' } },
      { code: 'solution.manage', label: { 'zh-CN': '维护解决方案库', 'en-US': 'Manage the solution base' } },
      {
        code: 'ticket.configure',
        label: {
          'zh-CN': '维护派工规则、受理职责与升级规则',
          'en-US': 'Manage routing rules, intake duties and escalation ladders',
        },
      },
    ],
  },
  {
    module: 'callcenter',
    label: { 'zh-CN': '呼叫中心与消息', 'en-US': 'Call center and messaging' },
    permissions: [
      {
        code: 'call.read',
        label: { 'zh-CN': '来电弹屏、查看通话记录与回拨待办', 'en-US': 'Screen pop, call log and call-backs' },
      },
      { code: 'call.dial', label: { 'zh-CN': '点击外呼', 'en-US': 'Click to call' } },
      {
        code: 'call.manage',
        label: { 'zh-CN': '维护分机与呼叫中心接入', 'en-US': 'Manage extensions and the telephony link' },
      },
      {
        code: 'message.read',
        label: { 'zh-CN': '查看短信、邮件、微信发送记录', 'en-US': 'View the SMS, e-mail and WeChat sent log' },
      },
      {
        code: 'message.manage',
        label: {
          'zh-CN': '维护消息模板、发送通道与免打扰时段',
          'en-US': 'Manage message templates, channels and quiet hours',
        },
      },
    ],
  },
  {
    module: 'settings',
    label: { 'zh-CN': '基础设置', 'en-US': 'Basic settings' },
    permissions: [
      { code: 'dictionary.read', label: { 'zh-CN': '查看数据字典', 'en-US': 'View dictionaries' } },
      { code: 'dictionary.manage', label: { 'zh-CN': '维护数据字典', 'en-US': 'Manage dictionaries' } },
      { code: 'parameter.read', label: { 'zh-CN': '查看业务参数', 'en-US': 'View business parameters' } },
      { code: 'parameter.manage', label: { 'zh-CN': '修改业务参数', 'en-US': 'Change business parameters' } },
    ],
  },
  {
    module: 'audit',
    label: { 'zh-CN': '审计', 'en-US': 'Audit' },
    permissions: [
      { code: 'audit.read', label: { 'zh-CN': '查看审计日志', 'en-US': 'View the audit log' } },
      { code: 'audit.export', label: { 'zh-CN': '导出审计日志', 'en-US': 'Export the audit log' } },
      {
        code: 'export.approve',
        label: {
          'zh-CN': '审批超过 200 行的个人信息导出',
          'en-US': 'Approve exports of personal data over 200 rows',
        },
      },
    ],
  },
] as const;

export type Permission = (typeof permissionCatalogue)[number]['permissions'][number]['code'];

export const allPermissions: readonly Permission[] = permissionCatalogue.flatMap((m) =>
  m.permissions.map((p) => p.code),
);

export function isPermission(code: string): code is Permission {
  return (allPermissions as readonly string[]).includes(code);
}

/** The personas' roles, seeded on a new installation and kept as built-ins. */
export const builtinRoles: ReadonlyArray<{
  code: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
}> = [
  {
    code: 'administrator',
    name: '系统管理员',
    description: '维护组织、用户、角色、字典与参数，查看审计日志',
    permissions: allPermissions,
  },
  {
    code: 'call_center_agent',
    name: '客服专员',
    description: '受理来电来访、登记接待记录、派工与回访',
    permissions: [
      'call.read',
      'call.dial',
      'message.read',
      'compensation.request',
      'ticket.read',
      'ticket.create',
      'ticket.dispatch',
      'ticket.visit',
      'ticket.cancel',
      'ticket.export',
      'project.read',
      'property.read',
      'customer.read',
      'customer.manage',
      'dictionary.read',
      'calendar.read',
      'catalogue.read',
      'contractor.read',
    ],
  },
  {
    code: 'handler',
    name: '处理人',
    description: '处理派给自己的工单，更新进度并办结',
    permissions: [
      'ticket.read',
      'ticket.handle',
      'project.read',
      'property.read',
      'customer.read',
      'catalogue.read',
      'contractor.read',
    ],
  },
  {
    code: 'supervisor',
    name: '客服主管',
    description: '关注超时与升级工单，改派、审批补偿、查看报表',
    permissions: [
      'call.read',
      'call.dial',
      'message.read',
      'compensation.request',
      'compensation.approve',
      'topic.manage',
      'solution.manage',
      'ticket.read',
      'ticket.create',
      'ticket.dispatch',
      'ticket.handle',
      'ticket.visit',
      'ticket.cancel',
      'ticket.export',
      'ticket.configure',
      'org.read',
      'project.read',
      'property.read',
      'customer.read',
      'customer.reveal',
      'customer.export',
      'customer.approve',
      'export.approve',
      'user.read',
      'dictionary.read',
      'audit.read',
      'calendar.read',
      'catalogue.read',
      'contractor.read',
    ],
  },
  {
    code: 'project_manager',
    name: '项目经理',
    description: '管理处负责人：接收二级升级，督办、改派本项目工单',
    permissions: [
      'compensation.approve',
      'topic.manage',
      'ticket.read',
      'ticket.dispatch',
      'ticket.instruct',
      'ticket.export',
      'org.read',
      'project.read',
      'property.read',
      'customer.read',
      'user.read',
      'calendar.read',
      'catalogue.read',
      'contractor.read',
    ],
  },
  {
    code: 'service_head',
    name: '公司客服负责人',
    description: '公司客服条线负责人：接收三级升级，督办全公司工单，维护派工与升级规则',
    permissions: [
      'call.read',
      'message.read',
      'compensation.request',
      'compensation.approve',
      'topic.manage',
      'solution.manage',
      'ticket.read',
      'ticket.create',
      'ticket.dispatch',
      'ticket.visit',
      'ticket.cancel',
      'ticket.instruct',
      'ticket.export',
      'ticket.configure',
      'org.read',
      'project.read',
      'property.read',
      'customer.read',
      'user.read',
      'audit.read',
      'calendar.read',
      'catalogue.read',
      'contractor.read',
    ],
  },
  {
    code: 'leadership',
    name: '公司领导',
    description: '接收最高级升级，作出领导批示，审批个人信息导出，查看看板',
    // export.approve: a group-wide export request (an all-data administrator's) is decided only
    // by an approver who also holds all data.
    permissions: [
      'compensation.approve',
      'ticket.read',
      'ticket.instruct',
      'ticket.export',
      'org.read',
      'project.read',
      'property.read',
      'customer.read',
      'user.read',
      'audit.read',
      'export.approve',
    ],
  },
  {
    code: 'delivery_team',
    name: '交付小组',
    description: '组织模拟验房与正式交付',
    permissions: [
      'project.read',
      'property.read',
      'property.manage',
      'property.import',
      'customer.read',
      'customer.manage',
      'dictionary.read',
    ],
  },
];
