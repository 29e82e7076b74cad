import type { Locale } from './locale.js';

/**
 * Every error the API can answer with: a stable code, its HTTP status and its message in each
 * language. Messages may hold {placeholders} filled from the error's params.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': '提交的数据有误，请检查后重试',
    'en-US': 'The request contains invalid data',
  },
  BAD_REQUEST: { status: 400, 'zh-CN': '请求格式不正确', 'en-US': 'The request is malformed' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', 'en-US': 'Please log in' },
  SESSION_EXPIRED: {
    status: 401,
    'zh-CN': '登录已过期，请重新登录',
    'en-US': 'Your session has expired, please log in again',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': '用户名或密码错误，连续输错 {threshold} 次将锁定账号',
    'en-US': 'Wrong username or password; {threshold} failures in a row lock the account',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '账号已锁定，请于 {until} 后重试，或联系管理员解锁',
    'en-US': 'The account is locked until {until}; try again later or ask an administrator to unlock it',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    'zh-CN': '账号已停用，请联系管理员',
    'en-US': 'The account is disabled; contact an administrator',
  },
  LOGIN_RATE_LIMITED: {
    status: 429,
    'zh-CN': '登录失败次数过多，请 {seconds} 秒后再试',
    'en-US': 'Too many failed logins; try again in {seconds} seconds',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': '首次登录请先修改密码',
    'en-US': 'Please change your password before continuing',
  },
  PASSWORD_EXPIRED: {
    status: 403,
    'zh-CN': '密码已过期，请修改密码',
    'en-US': 'Your password has expired; please change it',
  },
  PASSWORD_WRONG: { status: 400, 'zh-CN': '原密码不正确', 'en-US': 'The current password is wrong' },
  PASSWORD_TOO_WEAK: {
    status: 400,
    'zh-CN': '密码不符合要求：{reason}',
    'en-US': 'The password does not meet the policy: {reason}',
  },
  PASSWORD_REUSED: {
    status: 400,
    'zh-CN': '新密码不能与原密码相同',
    'en-US': 'The new password must differ from the current one',
  },
  FORBIDDEN: { status: 403, 'zh-CN': '没有权限执行此操作', 'en-US': 'You do not have permission to do this' },
  NOT_FOUND: { status: 404, 'zh-CN': '请求的资源不存在', 'en-US': 'The requested resource does not exist' },
  ORG_NOT_FOUND: { status: 404, 'zh-CN': '组织不存在', 'en-US': 'Organisation not found' },
  PROJECT_NOT_FOUND: { status: 404, 'zh-CN': '项目不存在', 'en-US': 'Project not found' },
  USER_NOT_FOUND: { status: 404, 'zh-CN': '用户不存在', 'en-US': 'User not found' },
  ROLE_NOT_FOUND: { status: 404, 'zh-CN': '角色不存在', 'en-US': 'Role not found' },
  DICTIONARY_NOT_FOUND: { status: 404, 'zh-CN': '字典不存在', 'en-US': 'Dictionary not found' },
  DICTIONARY_ITEM_NOT_FOUND: { status: 404, 'zh-CN': '字典项不存在', 'en-US': 'Dictionary item not found' },
  PARAMETER_NOT_FOUND: { status: 404, 'zh-CN': '参数不存在', 'en-US': 'Parameter not found' },
  BUILDING_NOT_FOUND: { status: 404, 'zh-CN': '楼栋不存在', 'en-US': 'Building not found' },
  ROOM_NOT_FOUND: { status: 404, 'zh-CN': '房间不存在', 'en-US': 'Room not found' },
  BUILDING_HAS_ROOMS: {
    status: 409,
    'zh-CN': '楼栋下已有房间，不能删除或修改编码',
    'en-US': 'The building has rooms; it cannot be deleted or have its code changed',
  },
  ROOM_AREA_INVALID: {
    status: 422,
    'zh-CN': '套内面积不能大于建筑面积',
    'en-US': 'The net area cannot exceed the gross area',
  },
  GENERATION_EMPTY: {
    status: 422,
    'zh-CN': '规则没有生成任何房间，请检查楼层范围和跳过的楼层',
    'en-US': 'The rule produces no rooms; check the floor range and skipped floors',
  },
  GENERATION_TOO_LARGE: {
    status: 422,
    'zh-CN': '一次最多生成 {max} 间，当前规则会生成 {count} 间，请分楼栋生成',
    'en-US': 'At most {max} rooms per run; this rule would make {count}. Generate one building at a time',
  },
  CUSTOMER_NOT_FOUND: { status: 404, 'zh-CN': '客户不存在', 'en-US': 'Customer not found' },
  OCCUPANCY_NOT_FOUND: { status: 404, 'zh-CN': '房间关系不存在', 'en-US': 'Room relation not found' },
  IDENTIFIER_INVALID: {
    status: 422,
    'zh-CN': '{label}不正确：{reason}',
    'en-US': '{label} is not valid: {reason}',
  },
  ID_NUMBER_TAKEN: {
    status: 409,
    'zh-CN': '该证件号码已登记为客户“{name}”',
    'en-US': 'This ID number already belongs to customer "{name}"',
  },
  COMPANY_REQUIRED: {
    status: 422,
    'zh-CN': '请选择客户所属公司',
    'en-US': 'Choose the company the customer belongs to',
  },
  OCCUPANCY_OVERLAP: {
    status: 409,
    'zh-CN': '该客户在此房间已有{role}关系（自 {from} 起），时间段不能重叠',
    'en-US': 'The customer is already {role} of this room since {from}; periods cannot overlap',
  },
  OCCUPANCY_DATES_INVALID: {
    status: 422,
    'zh-CN': '迁出日期不能早于迁入日期',
    'en-US': 'The move-out date is before the move-in date',
  },
  OCCUPANCY_COMPANY_MISMATCH: {
    status: 422,
    'zh-CN': '房间与客户不属于同一公司',
    'en-US': 'The room and the customer belong to different companies',
  },
  OCCUPANCY_DATE_FUTURE: {
    status: 422,
    'zh-CN': '迁入、迁出日期不能晚于今天',
    'en-US': 'Move-in and move-out dates cannot be in the future',
  },
  CUSTOMER_DISABLED: {
    status: 409,
    'zh-CN': '客户已停用，请先启用再办理迁入',
    'en-US': 'The customer is disabled; enable it before moving it in',
  },
  TRANSFER_NO_OWNER: {
    status: 409,
    'zh-CN': '该房间当前没有业主，不能办理过户，请先办理迁入',
    'en-US': 'The room has no current owner to transfer from; move an owner in first',
  },
  TRANSFER_SAME_OWNER: {
    status: 422,
    'zh-CN': '新业主不能与当前业主相同',
    'en-US': 'The new owners must differ from the current ones',
  },
  OCCUPANCY_ENDED: { status: 409, 'zh-CN': '该房间关系已结束', 'en-US': 'This room relation has already ended' },
  CUSTOMER_ANONYMISED: {
    status: 409,
    'zh-CN': '客户已匿名化，不能再修改或查看个人信息',
    'en-US': 'The customer has been anonymised; personal data can no longer be changed or shown',
  },
  MOVE_IN_DATE_FUTURE: {
    status: 422,
    'zh-CN': '入伙日期不能晚于今天（{today}）',
    'en-US': 'The move-in date cannot be later than today ({today})',
  },
  MOVE_IN_DATE_TOO_EARLY: {
    status: 422,
    'zh-CN': '入伙日期不能早于房间当前{role}「{name}」的迁入日期 {from}',
    'en-US': 'The move-in date cannot be before {from}, when the current {role} "{name}" moved in',
  },
  MOVE_IN_COMPANY_MISMATCH: {
    status: 422,
    'zh-CN': '客户“{name}”与房间不属于同一公司，请选择房间所属公司的客户',
    'en-US': 'Customer "{name}" belongs to another company than the room; choose a customer of the room\'s company',
  },
  MOVE_IN_CONTRACT_TAKEN: {
    status: 409,
    'zh-CN': '购房合同号“{contractNo}”已用于本项目 {roomCode} 的入伙登记，请核对合同号',
    'en-US': 'Purchase contract number "{contractNo}" is already registered for {roomCode} in this project',
  },
  MOVE_IN_ALREADY: {
    status: 409,
    'zh-CN': '“{name}”已于 {date} 办理过该房间的入伙',
    'en-US': '"{name}" already registered moving into this room on {date}',
  },
  RENAME_NOT_FOUND: { status: 404, 'zh-CN': '更名申请不存在', 'en-US': 'Rename request not found' },
  RENAME_PENDING_EXISTS: {
    status: 409,
    'zh-CN': '该客户已有一份待审批的更名申请（改为“{newName}”），请等待审批或先撤回',
    'en-US': 'The customer already has a pending rename request (to "{newName}"); wait for it or withdraw it first',
  },
  RENAME_SAME_NAME: {
    status: 422,
    'zh-CN': '新名称与客户当前名称相同',
    'en-US': 'The new name is the same as the current name',
  },
  RENAME_SELF_APPROVAL: {
    status: 403,
    'zh-CN': '不能审批自己提交的更名申请，请由其他有审批权限的人员处理',
    'en-US': 'You cannot decide on a rename request you submitted; another approver must do it',
  },
  RENAME_NOT_REQUESTER: {
    status: 403,
    'zh-CN': '只有申请人本人可以撤回更名申请',
    'en-US': 'Only the person who submitted the rename request can withdraw it',
  },
  RENAME_NOT_PENDING: {
    status: 409,
    'zh-CN': '该更名申请已{status}，不能再处理',
    'en-US': 'This rename request has already been {status}',
  },
  RENAME_NAME_CHANGED: {
    status: 409,
    'zh-CN': '提交申请后客户名称已改为“{name}”，请驳回此申请后重新提交',
    'en-US': 'The customer has been renamed to "{name}" since the request; reject it and submit a new one',
  },
  CUSTOMER_RENAME_REQUIRES_APPROVAL: {
    status: 409,
    'zh-CN': '客户名称不能直接修改，请在客户 360 页面“申请更名”，审批通过后自动更新',
    'en-US':
      'The name cannot be edited directly; submit a rename request on the customer page, and it changes once approved',
  },
  CONTACT_NOT_FOUND: { status: 404, 'zh-CN': '联系人不存在', 'en-US': 'Contact not found' },
  BANK_ACCOUNT_NOT_FOUND: { status: 404, 'zh-CN': '银行账户不存在', 'en-US': 'Bank account not found' },
  CONTACT_RECORD_NOT_FOUND: { status: 404, 'zh-CN': '沟通记录不存在', 'en-US': 'Contact record not found' },
  CUSTOMER_EVENT_NOT_FOUND: { status: 404, 'zh-CN': '客户事件不存在', 'en-US': 'Customer event not found' },
  BANK_ACCOUNT_TAKEN: {
    status: 409,
    'zh-CN': '该客户已登记过银行账号 {account}，不能重复添加',
    'en-US': 'The customer already has the bank account {account}; it cannot be added twice',
  },
  PROFILE_LIMIT: {
    status: 409,
    'zh-CN': '每位客户最多登记 {max} 个{what}，请先删除不再使用的',
    'en-US': 'A customer can have at most {max} {what}; delete one that is no longer used first',
  },
  DICTIONARY_CODE_INVALID: {
    status: 422,
    'zh-CN': '{label}“{code}”不是数据字典“{dictionary}”中的可用选项',
    'en-US': '{label} "{code}" is not an active item of the dictionary "{dictionary}"',
  },
  ROOM_NOT_OF_CUSTOMER: {
    status: 422,
    'zh-CN': '所选房间不是该客户当前或曾经的房间',
    'en-US': 'The room is not one the customer holds or held',
  },
  CONTACT_TIME_FUTURE: {
    status: 422,
    'zh-CN': '沟通时间不能晚于当前时间',
    'en-US': 'The contact time cannot be in the future',
  },
  EVENT_DATE_FUTURE: {
    status: 422,
    'zh-CN': '事件日期不能晚于今天',
    'en-US': 'The event date cannot be in the future',
  },
  CODE_TAKEN: { status: 409, 'zh-CN': '编码“{code}”已被使用', 'en-US': 'The code "{code}" is already in use' },
  USERNAME_TAKEN: {
    status: 409,
    'zh-CN': '用户名“{username}”已被使用',
    'en-US': 'The username "{username}" is already taken',
  },
  ORG_PARENT_INVALID: {
    status: 422,
    'zh-CN': '上级组织不合适：{reason}',
    'en-US': 'The parent organisation is not allowed here: {reason}',
  },
  ORG_HAS_CHILDREN: {
    status: 409,
    'zh-CN': '该组织下还有下级组织、项目或人员，不能删除',
    'en-US': 'The organisation still has children, projects or staff and cannot be deleted',
  },
  ROLE_BUILTIN: { status: 409, 'zh-CN': '内置角色不能删除', 'en-US': 'Built-in roles cannot be deleted' },
  ROLE_IN_USE: {
    status: 409,
    'zh-CN': '角色仍分配给 {count} 个用户，不能删除',
    'en-US': 'The role is still assigned to {count} users',
  },
  PERMISSION_UNKNOWN: { status: 422, 'zh-CN': '未知的权限编码：{codes}', 'en-US': 'Unknown permission codes: {codes}' },
  SCOPE_NOT_ALLOWED: {
    status: 403,
    'zh-CN': '只能授予您自己数据范围内的权限',
    'en-US': 'You can only grant data scopes inside your own',
  },
  SCOPE_INVALID: {
    status: 422,
    'zh-CN': '数据范围设置不完整：{reason}',
    'en-US': 'The data scope is incomplete: {reason}',
  },
  SELF_LOCKOUT: { status: 409, 'zh-CN': '不能停用自己的账号', 'en-US': 'You cannot disable your own account' },
  PARAMETER_INVALID: { status: 422, 'zh-CN': '参数值不合法：{reason}', 'en-US': 'Invalid parameter value: {reason}' },
  DICTIONARY_BUILTIN: { status: 409, 'zh-CN': '内置字典不能删除', 'en-US': 'Built-in dictionaries cannot be deleted' },
  IMPORT_NOT_FOUND: { status: 404, 'zh-CN': '导入任务不存在', 'en-US': 'Import not found' },
  IMPORT_FILE_MISSING: {
    status: 422,
    'zh-CN': '请选择要导入的 Excel（.xlsx）或 CSV 文件',
    'en-US': 'Choose an Excel (.xlsx) or CSV file to import',
  },
  IMPORT_FILE_TYPE: {
    status: 415,
    'zh-CN': '无法读取该文件：{reason}',
    'en-US': 'This file cannot be read: {reason}',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    'zh-CN': '文件超过 {max} MB，请拆分后分批导入',
    'en-US': 'The file is larger than {max} MB; split it and import the parts',
  },
  IMPORT_NO_HEADER: {
    status: 422,
    'zh-CN': '没有找到表头：前 20 行中没有可识别的列名（如 楼栋、房号、客户姓名）',
    'en-US':
      'No header row found: none of the first 20 rows names known columns (such as building, room number, customer name)',
  },
  IMPORT_MAPPING_INVALID: {
    status: 422,
    'zh-CN': '列对应设置有误：{reason}',
    'en-US': 'The column mapping is wrong: {reason}',
  },
  IMPORT_PROJECT_REQUIRED: {
    status: 422,
    'zh-CN': '表中没有“项目名称”或“项目编码”列，请选择导入到哪个项目',
    'en-US': 'The sheet has no project column: choose the project to import into',
  },
  CATALOGUE_NODE_NOT_FOUND: {
    status: 404,
    'zh-CN': '问题分类或问题不存在',
    'en-US': 'Catalogue category or item not found',
  },
  CATALOGUE_PARENT_INVALID: {
    status: 422,
    'zh-CN': '上级分类不合适：{reason}',
    'en-US': 'The parent category is not allowed here: {reason}',
  },
  CATALOGUE_NAME_TAKEN: {
    status: 409,
    'zh-CN': '同一分类下已有名为“{name}”的分类或问题',
    'en-US': 'The category already holds a node named "{name}"',
  },
  CATALOGUE_HAS_CHILDREN: {
    status: 409,
    'zh-CN': '分类“{name}”下还有分类或问题，不能删除；请先移走或删除它们，或改为停用',
    'en-US': 'The category "{name}" still holds categories or items; move or delete them first, or disable it',
  },
  CATALOGUE_REORDER_MISMATCH: {
    status: 422,
    'zh-CN': '排序须列出该分类下的全部 {count} 个节点，每个一次；请刷新后重试',
    'en-US': 'The order must list all {count} children of the category, each once; refresh and try again',
  },
  CATALOGUE_IMPORT_NO_HEADER: {
    status: 422,
    'zh-CN': '没有找到表头：前 20 行中没有可识别的列名（如 一级分类、问题名称、处理部门）',
    'en-US':
      'No header row found: none of the first 20 rows names known columns (such as first-level category, item, department)',
  },
  CATALOGUE_IMPORT_COLUMNS_MISSING: {
    status: 422,
    'zh-CN': '表中缺少必需的列：{columns}',
    'en-US': 'The sheet lacks required columns: {columns}',
  },
  CATALOGUE_IMPORT_TOO_MANY_ROWS: {
    status: 413,
    'zh-CN': '一次最多导入 {max} 行，请拆分后分批导入',
    'en-US': 'At most {max} rows can be imported at once; split the file',
  },
  EXPORT_APPROVAL_REQUIRED: {
    status: 403,
    'zh-CN': '本次导出包含 {rowCount} 条个人信息，超过 {threshold} 条需经审批：请填写理由提交导出申请，审批通过后下载',
    'en-US':
      'This export holds {rowCount} rows of personal data; more than {threshold} rows need approval. Submit an export request with a reason and download it once approved',
  },
  EXPORT_REQUEST_NOT_FOUND: { status: 404, 'zh-CN': '导出申请不存在', 'en-US': 'Export request not found' },
  EXPORT_SELF_APPROVAL: {
    status: 403,
    'zh-CN': '不能审批自己提交的导出申请，请由其他有导出审批权限的人员处理',
    'en-US': 'You cannot decide on your own export request; another approver has to',
  },
  EXPORT_REQUEST_DECIDED: {
    status: 409,
    'zh-CN': '该导出申请已处理（{status}），不能再次审批',
    'en-US': 'This export request has already been decided ({status})',
  },
  EXPORT_NOT_REQUESTER: {
    status: 403,
    'zh-CN': '只有申请人本人可以下载审批通过的导出文件',
    'en-US': 'Only the requester can download an approved export',
  },
  EXPORT_NOT_APPROVED: {
    status: 409,
    'zh-CN': '该导出申请{status}，不能下载',
    'en-US': 'This export request is {status}; it cannot be downloaded',
  },
  EXPORT_ALREADY_DOWNLOADED: {
    status: 409,
    'zh-CN': '该导出文件已于 {time} 下载，每次审批只能下载一次；如需再次导出，请重新提交申请',
    'en-US':
      'This export was downloaded at {time}; an approval allows one download. Submit a new request to export again',
  },
  EXPORT_REQUEST_EXPIRED: {
    status: 410,
    'zh-CN': '导出审批已于 {time} 过期（审批通过后 {hours} 小时内有效），请重新提交申请',
    'en-US': 'The approval expired at {time} (valid for {hours} hours after approval); submit a new request',
  },
  CONTRACTOR_NOT_FOUND: { status: 404, 'zh-CN': '承建商不存在', 'en-US': 'Contractor not found' },
  CONTRACTOR_SCOPE_NOT_FOUND: { status: 404, 'zh-CN': '施工范围不存在', 'en-US': 'Work scope not found' },
  CONTRACTOR_COMPANY_REQUIRED: {
    status: 422,
    'zh-CN': '请选择承建商所属公司',
    'en-US': 'Choose the company the contractor works for',
  },
  CONTRACTOR_COMPANY_SCOPE: {
    status: 403,
    'zh-CN': '承建商“{name}”属于{company}，只有数据范围覆盖该公司的人员可以修改其资料',
    'en-US': 'Contractor "{name}" belongs to {company}; only staff whose data scope covers that company may change it',
  },
  CONTRACTOR_NAME_TAKEN: {
    status: 409,
    'zh-CN': '本公司已登记名为“{name}”的承建商（编码 {code}）',
    'en-US': 'The company already has a contractor named "{name}" (code {code})',
  },
  CONTRACTOR_USCC_TAKEN: {
    status: 409,
    'zh-CN': '统一社会信用代码 {uscc} 已登记为承建商“{name}”',
    'en-US': 'The social credit code {uscc} already belongs to contractor "{name}"',
  },
  CONTRACTOR_PROJECT_COMPANY: {
    status: 422,
    'zh-CN': '项目“{project}”不属于承建商所属的{company}，不能加入其施工范围',
    'en-US': 'Project "{project}" is not one of {company}, the contractor\'s company',
  },
  CONTRACTOR_SCOPE_TAKEN: {
    status: 409,
    'zh-CN':
      '{project} {building}的“{trade}”已由承建商“{name}”负责；同一范围只能由一家承建商保修，请先移除对方的该项施工范围或停用该承建商',
    'en-US':
      '{trade} in {project}, {building} is already covered by contractor "{name}"; one scope has one contractor, so remove that scope or disable that contractor first',
  },
  WARRANTY_BELOW_STATUTORY: {
    status: 422,
    'zh-CN': '“{trade}”的保修期不得短于法定最低保修期{minimum}（{basis}），当前填写的是{value}',
    'en-US':
      'The warranty for {trade} cannot be shorter than the statutory minimum of {minimum} ({basis}); {value} was given',
  },
  WARRANTY_REQUIRED: {
    status: 422,
    'zh-CN': '“{trade}”没有法定最低保修期，请填写合同约定的保修期',
    'en-US': '{trade} has no statutory minimum warranty; enter the period agreed in the contract',
  },
  CALENDAR_NOT_FOUND: { status: 404, 'zh-CN': '工作日历不存在', 'en-US': 'Business calendar not found' },
  CALENDAR_DAY_NOT_FOUND: {
    status: 404,
    'zh-CN': '该日历在 {date} 没有自定义日期',
    'en-US': 'The calendar has no own day on {date}',
  },
  CALENDAR_COMPANY_SCOPE: {
    status: 403,
    'zh-CN': '只有数据范围覆盖整个公司的管理员可以修改该公司的工作日历',
    'en-US': "Only administrators whose data scope covers the whole company may change the company's calendars",
  },
  CALENDAR_INACTIVE: {
    status: 409,
    'zh-CN': '工作日历“{name}”已停用，不能设为默认或分配给项目',
    'en-US': 'The calendar "{name}" is inactive; it cannot be the default or be given to projects',
  },
  CALENDAR_DEFAULT_INACTIVE: {
    status: 409,
    'zh-CN': '默认日历不能停用，请先把其他日历设为默认',
    'en-US': 'The default calendar cannot be deactivated; make another calendar the default first',
  },
  CALENDAR_IN_USE: {
    status: 409,
    'zh-CN': '有 {count} 个项目正在使用该日历，请先为它们改用其他日历再停用',
    'en-US': '{count} projects use this calendar; give them another calendar before deactivating it',
  },
  CALENDAR_PROJECT_COMPANY: {
    status: 422,
    'zh-CN': '项目“{name}”不属于该日历所属的公司',
    'en-US': 'The project "{name}" does not belong to the company of this calendar',
  },
  CALENDAR_RANGE: {
    status: 422,
    'zh-CN': '计算结果超出 10 年，请检查开始时间与时限',
    'en-US': 'The result lies more than 10 years away; check the start and the time limit',
  },
  HOLIDAY_YEAR_BUNDLED: {
    status: 409,
    'zh-CN': '{year} 年的法定节假日安排已内置在系统中，无需录入',
    'en-US': 'The official holiday schedule of {year} is built in; it need not be entered',
  },
  HOLIDAY_YEAR_NOT_FOUND: {
    status: 404,
    'zh-CN': '{year} 年的节假日安排尚未录入',
    'en-US': 'No holiday schedule has been entered for {year}',
  },
  HOLIDAY_DAYS_INVALID: {
    status: 422,
    'zh-CN': '节假日安排有误：{reason}',
    'en-US': 'The holiday schedule is wrong: {reason}',
  },
  HOLIDAY_IMPORT_INVALID: {
    status: 422,
    'zh-CN': '导入文件有误：{reason}',
    'en-US': 'The file cannot be imported: {reason}',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    'zh-CN': '服务暂时不可用，请稍后重试',
    'en-US': 'The service is temporarily unavailable; please retry shortly',
  },
  STORAGE_FULL: {
    status: 507,
    'zh-CN': '服务器存储空间不足，暂时无法保存，请联系管理员',
    'en-US': 'The server has run out of storage space and cannot save this; contact an administrator',
  },
  DATA_KEY_MISMATCH: {
    status: 500,
    'zh-CN': '加密数据无法解密：服务器的主密钥与数据不符，请联系管理员',
    'en-US': "Encrypted data cannot be read: the server's master key does not match the data; contact an administrator",
  },
  GROUP_SETTING: {
    status: 403,
    'zh-CN': '这是全集团共用的设置，只有数据范围为“全部数据”的管理员可以修改',
    'en-US':
      'This setting is shared by the whole group; only administrators whose data scope is all data may change it',
  },
  CONFLICT: {
    status: 409,
    'zh-CN': '数据已存在或刚被他人修改，请刷新后重试',
    'en-US': 'The record already exists or was just changed by someone else; refresh and try again',
  },
  // Service desk: time limits, escalation ladders, instructions, notifications (ticket-sla).
  NOTIFICATION_NOT_FOUND: { status: 404, 'zh-CN': '消息不存在', 'en-US': 'Notification not found' },
  MESSAGE_TEMPLATE_NOT_FOUND: { status: 404, 'zh-CN': '消息模板不存在', 'en-US': 'Message template not found' },
  MESSAGE_TEMPLATE_CHANGED: {
    status: 409,
    'zh-CN': '该模板已被他人修改，请刷新后重试',
    'en-US': 'The template was changed by someone else; reload and try again',
  },
  MESSAGE_TEMPLATE_UNKNOWN_VARIABLE: {
    status: 422,
    'zh-CN': '模板中的变量 {name} 不存在，该事件可用的变量有：{allowed}',
    'en-US': 'The template uses the unknown variable {name}; this event offers: {allowed}',
  },
  MESSAGE_CHANNEL_CHANGED: {
    status: 409,
    'zh-CN': '该发送通道已被他人修改，请刷新后重试',
    'en-US': 'The channel was changed by someone else; reload and try again',
  },
  MESSAGE_PROVIDER_UNAVAILABLE: {
    status: 422,
    'zh-CN': '服务商 {provider} 不能用于该通道',
    'en-US': 'The provider {provider} cannot serve this channel',
  },
  MESSAGE_PROVIDER_FIELD_REQUIRED: {
    status: 422,
    'zh-CN': '请填写服务商的“{label}”',
    'en-US': 'Fill in the provider\'s "{label}"',
  },
  MESSAGE_ADDRESS_INVALID: {
    status: 422,
    'zh-CN': '收件地址不正确：短信请填手机号，邮件请填邮箱地址，微信请填 openid',
    'en-US': 'Not a valid address: a mobile number for SMS, an e-mail address for e-mail, an openid for WeChat',
  },
  MESSAGE_RECEIPT_TOKEN_INVALID: {
    status: 401,
    'zh-CN': '送达回执令牌缺失或不正确，请按“发送通道”页显示的回执地址配置',
    'en-US': 'The delivery receipt token is missing or wrong; use the receipt URL shown on the channel page',
  },
  MESSAGE_RECEIPT_MALFORMED: {
    status: 400,
    'zh-CN': '无法识别的送达回执（{provider}），未做任何改动',
    'en-US': 'The delivery receipt ({provider}) could not be read; nothing was changed',
  },
  MESSAGE_NOT_FOUND: { status: 404, 'zh-CN': '发送记录不存在', 'en-US': 'Message not found' },
  MESSAGE_NOT_RETRYABLE: {
    status: 409,
    'zh-CN': '只有发送失败的消息可以重发',
    'en-US': 'Only failed messages can be retried',
  },
  ESCALATION_POLICY_NOT_FOUND: { status: 404, 'zh-CN': '升级规则不存在', 'en-US': 'Escalation policy not found' },
  ESCALATION_COMPANY_SCOPE: {
    status: 403,
    'zh-CN': '只有数据范围覆盖整个公司的人员可以修改该公司的升级规则',
    'en-US': "Only staff whose data scope covers the whole company may change the company's escalation policies",
  },
  ESCALATION_LEVELS_INVALID: {
    status: 422,
    'zh-CN': '升级级别设置有误：{reason}',
    'en-US': 'The escalation levels are wrong: {reason}',
  },
  ESCALATION_ROLE_UNKNOWN: {
    status: 422,
    'zh-CN': '第 {level} 级的角色“{code}”不存在',
    'en-US': 'Level {level}: there is no role "{code}"',
  },
  ESCALATION_USERS_INVALID: {
    status: 422,
    'zh-CN': '第 {level} 级指定的人员不存在或已停用',
    'en-US': 'Level {level}: a named user does not exist or is disabled',
  },
  TICKET_INSTRUCTION_STATE: {
    status: 409,
    'zh-CN': '工单当前状态为“{state}”，已结束，不能再作批示',
    'en-US': 'The ticket is {state} and finished; it takes no more instructions',
  },
  DEMO_TOOLS_DISABLED: {
    status: 404,
    'zh-CN': '演示工具未开启（仅演示环境可用，见 DEMO_TOOLS）',
    'en-US': 'Demo tools are off (available on demo installations only, see DEMO_TOOLS)',
  },
  // Service desk casework (casework): solution base, complaint topics, compensation.
  SOLUTION_NOT_FOUND: { status: 404, 'zh-CN': '解决方案不存在', 'en-US': 'Solution article not found' },
  SOLUTION_COMPANY_SCOPE: {
    status: 403,
    'zh-CN': '该解决方案属于{company}，只有数据范围覆盖该公司的人员可以修改',
    'en-US': 'This article belongs to {company}; only staff whose data scope covers that company may change it',
  },
  SOLUTION_COMPANY_REQUIRED: {
    status: 422,
    'zh-CN': '请选择解决方案所属公司，或选择“集团通用”',
    'en-US': 'Choose the company the article belongs to, or make it group-wide',
  },
  SOLUTION_CATALOGUE_INVALID: {
    status: 422,
    'zh-CN': '关联的投诉问题标准库节点不存在',
    'en-US': 'A linked catalogue node does not exist',
  },
  TOPIC_NOT_FOUND: { status: 404, 'zh-CN': '投诉专题不存在', 'en-US': 'Complaint topic not found' },
  TOPIC_CLOSED: {
    status: 409,
    'zh-CN': '投诉专题“{title}”已关闭，不能再关联工单或发布进展',
    'en-US': 'The complaint topic "{title}" is closed; tickets can no longer be linked and updates posted',
  },
  TOPIC_TICKET_PROJECT: {
    status: 422,
    'zh-CN': '工单 {ticketNo} 不属于专题所在项目“{project}”，不能关联',
    'en-US': 'Ticket {ticketNo} is not in "{project}", the project of the topic',
  },
  TOPIC_TICKET_ELSEWHERE: {
    status: 409,
    'zh-CN': '工单 {ticketNo} 已关联到专题 {topicNo}，请先从该专题移除',
    'en-US': 'Ticket {ticketNo} is already linked to topic {topicNo}; unlink it there first',
  },
  TOPIC_TICKET_NOT_LINKED: {
    status: 404,
    'zh-CN': '该工单没有关联到此专题',
    'en-US': 'The ticket is not linked to this topic',
  },
  TOPIC_NO_TICKETS: {
    status: 409,
    'zh-CN': '专题还没有关联任何工单，请先关联工单再发布进展',
    'en-US': 'The topic has no linked tickets yet; link tickets before posting an update',
  },
  COMPENSATION_NOT_FOUND: { status: 404, 'zh-CN': '赔付申请不存在', 'en-US': 'Compensation request not found' },
  COMPENSATION_TIERS_INVALID: {
    status: 422,
    'zh-CN': '赔付审批档位设置有误：{reason}',
    'en-US': 'The compensation approval tiers are wrong: {reason}',
  },
  COMPENSATION_TIERS_SCOPE: {
    status: 403,
    'zh-CN': '只有数据范围覆盖整个{company}的人员可以设置该公司的赔付审批档位',
    'en-US': 'Only staff whose data scope covers the whole of {company} may set its compensation tiers',
  },
  COMPENSATION_NO_TIERS: {
    status: 409,
    'zh-CN': '尚未设置赔付审批档位，请先在“客服设置 › 赔付审批档位”中设置',
    'en-US': 'No compensation approval tiers are set; set them under Service settings › Compensation tiers',
  },
  COMPENSATION_TICKET_STATE: {
    status: 409,
    'zh-CN': '工单已{state}，不能申请赔付',
    'en-US': 'The ticket is {state}; compensation cannot be requested',
  },
  COMPENSATION_SELF_APPROVAL: {
    status: 403,
    'zh-CN': '不能审批自己提交的赔付申请',
    'en-US': 'You cannot decide on a compensation request you submitted',
  },
  COMPENSATION_NOT_YOUR_STEP: {
    status: 403,
    'zh-CN': '当前审批步骤须由“{role}”审批，您没有该角色或您的数据范围不包含该项目',
    'en-US': 'The current step is for "{role}"; you do not hold that role for this project',
  },
  COMPENSATION_DECIDED: {
    status: 409,
    'zh-CN': '该赔付申请已{state}，不能再审批',
    'en-US': 'This compensation request is already {state}; it cannot be decided again',
  },
  COMPENSATION_NOT_REQUESTER: {
    status: 403,
    'zh-CN': '只有申请人本人可以撤回赔付申请',
    'en-US': 'Only the requester can withdraw a compensation request',
  },
  COMPENSATION_NOT_PENDING: {
    status: 409,
    'zh-CN': '该赔付申请已{state}，不能撤回',
    'en-US': 'This compensation request is already {state}; it cannot be withdrawn',
  },
  COMPENSATION_NOT_APPROVED: {
    status: 409,
    'zh-CN': '该赔付申请{state}，只有审批通过的申请可以登记支付',
    'en-US': 'This compensation request is {state}; only approved requests can be marked paid',
  },
  // Service desk: tickets.
  TICKET_ILLEGAL_TRANSITION: {
    status: 409,
    'zh-CN': '工单当前状态为“{state}”，不能{action}，请刷新后查看',
    'en-US': 'The ticket is {state}; you cannot {action}. Refresh to see its current state',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    'zh-CN': '这个 Idempotency-Key 已用于另一份不同的提交，请为新的提交生成新的键',
    'en-US': 'This Idempotency-Key was used for a different request body; use a new key for a new request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    'zh-CN': '同一提交正在处理中，请稍候再查看结果',
    'en-US': 'The same request is still being processed; check again shortly',
  },
  // Service desk core (ticket-core): receptions, tickets, dispatch, work, visits, uploads.
  TICKET_NOT_FOUND: { status: 404, 'zh-CN': '工单不存在', 'en-US': 'Ticket not found' },
  RECEPTION_NOT_FOUND: { status: 404, 'zh-CN': '接待记录不存在', 'en-US': 'Reception record not found' },
  TICKET_CHANGED: {
    status: 409,
    'zh-CN': '工单刚被他人修改，请刷新后重试',
    'en-US': 'The ticket was just changed by someone else; refresh and try again',
  },
  TICKET_NOT_HANDLER: {
    status: 403,
    'zh-CN': '只有工单的处理人或处理部门的成员可以{action}',
    'en-US': 'Only the handler or a member of the handling department may {action}',
  },
  TICKET_REFERENCE_INVALID: {
    status: 422,
    'zh-CN': '{label}无效：{reason}',
    'en-US': '{label} is not valid: {reason}',
  },
  TICKET_HANDLER_INVALID: {
    status: 422,
    'zh-CN': '处理人无效：{reason}',
    'en-US': 'The handler is not valid: {reason}',
  },
  TICKET_ANSWER_ONLY_CONSULTATION: {
    status: 422,
    'zh-CN': '只有咨询类工单可以当场答复并关闭',
    'en-US': 'Only consultations can be answered and closed on the spot',
  },
  TICKET_MERGE_INVALID: { status: 422, 'zh-CN': '不能合并：{reason}', 'en-US': 'Cannot merge: {reason}' },
  TICKET_SATISFACTION_REQUIRED: {
    status: 422,
    'zh-CN': '联系上客户时必须填写满意度（1–5）',
    'en-US': 'A satisfaction score (1–5) is required when the customer was reached',
  },
  TICKET_ATTACHMENT_INVALID: {
    status: 422,
    'zh-CN': '附件不能上传：{reason}',
    'en-US': 'The attachment cannot be uploaded: {reason}',
  },
  TICKET_ATTACHMENT_TOO_LARGE: {
    status: 413,
    'zh-CN': '附件太大：图片不超过 {imageMb} MB，视频不超过 {videoMb} MB',
    'en-US': 'The attachment is too large: images up to {imageMb} MB, videos up to {videoMb} MB',
  },
  TICKET_ATTACHMENT_NOT_FOUND: { status: 404, 'zh-CN': '附件不存在', 'en-US': 'Attachment not found' },
  ROUTING_RULE_NOT_FOUND: { status: 404, 'zh-CN': '派工规则不存在', 'en-US': 'Routing rule not found' },
  DUTY_NOT_FOUND: { status: 404, 'zh-CN': '受理职责不存在', 'en-US': 'Intake duty not found' },
  TICKET_VIEW_NOT_FOUND: { status: 404, 'zh-CN': '视图不存在', 'en-US': 'Saved view not found' },
  TICKET_VIEW_NAME_TAKEN: {
    status: 409,
    'zh-CN': '已有名为“{name}”的视图',
    'en-US': 'You already have a view named "{name}"',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    'zh-CN': 'Idempotency-Key 须为 1–200 个可见字符',
    'en-US': 'Idempotency-Key must be 1–200 visible characters',
  },
  CTI_SIGNATURE_INVALID: {
    status: 401,
    'zh-CN': '话务事件签名缺失或无效',
    'en-US': 'The telephony event is unsigned or its signature is invalid',
  },
  CTI_TIMESTAMP_STALE: {
    status: 401,
    'zh-CN': '话务事件的时间戳缺失或与服务器时间相差超过 5 分钟',
    'en-US': 'The telephony event has no timestamp or it is more than 5 minutes off the server time',
  },
  CTI_REPLAYED: {
    status: 401,
    'zh-CN': '该话务事件已经接收过，重放的请求不予处理',
    'en-US': 'This telephony event was already received; replays are refused',
  },
  CTI_RATE_LIMITED: {
    status: 429,
    'zh-CN': '话务事件过于频繁，请 {seconds} 秒后再试',
    'en-US': 'Too many telephony events; try again in {seconds} seconds',
  },
  CALL_NUMBER_INVALID: {
    status: 422,
    'zh-CN': '{label}“{number}”不是有效的电话号码（手机号 11 位，座机须带区号，如 021-58881200）',
    'en-US':
      '{label} "{number}" is not a valid phone number (11-digit mobile, or a landline with its area code such as 021-58881200)',
  },
  CALL_NOT_FOUND: { status: 404, 'zh-CN': '通话记录不存在', 'en-US': 'Call record not found' },
  CALLBACK_NOT_PENDING: {
    status: 409,
    'zh-CN': '这通电话没有待回拨的任务（已回拨或不是未接来电）',
    'en-US': 'This call has no pending call-back (already done, or not a missed call)',
  },
  EXTENSION_TAKEN: {
    status: 409,
    'zh-CN': '分机号“{extension}”已分配给“{name}”，请换一个',
    'en-US': 'Extension "{extension}" already belongs to "{name}"; choose another',
  },
  EXTENSION_REQUIRED: {
    status: 422,
    'zh-CN': '您还没有分机号，请填写主叫分机，或请管理员在用户资料中设置',
    'en-US': 'You have no extension; enter the calling extension or ask an administrator to set one',
  },
  DIAL_TARGET_MISSING: {
    status: 422,
    'zh-CN': '请填写要拨打的号码，或选择有手机号的客户',
    'en-US': 'Enter the number to call, or choose a customer with a mobile number',
  },
  INTERNAL: {
    status: 500,
    'zh-CN': '服务器内部错误，请稍后重试',
    'en-US': 'Internal server error; please retry later',
  },
} as const satisfies Record<string, { status: number } & Record<Locale, string>>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.status = errorCatalogue[code].status;
  }
}

/**
 * An error that also names the request field it is about, so a form can show the message under
 * that field (the `errors` of a problem, as for a validation failure).
 */
export function fieldError(
  code: ErrorCode,
  locale: Locale,
  field: string,
  params: Record<string, string | number> = {},
): AppError {
  return new AppError(code, params, { errors: [{ field, in: 'body', message: errorMessage(code, locale, params) }] });
}

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const template: string = errorCatalogue[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
