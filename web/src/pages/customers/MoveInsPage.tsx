import { KeyOutlined, SearchOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, ProCard, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, DatePicker, Input, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { type MoveIn, MoveInRegisterModal } from './MoveInRegisterModal';
import { FilterField, useAddressFilters, uuidPattern } from './shared';

type Query = NonNullable<paths['/api/move-ins']['get']['parameters']['query']>;
type Filters = Pick<Query, 'projectId' | 'dateFrom' | 'dateTo' | 'q'>;

const dash = <Typography.Text type="secondary">-</Typography.Text>;
const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function filtersFrom(params: URLSearchParams): Filters {
  const projectId = params.get('projectId');
  const from = params.get('dateFrom');
  const to = params.get('dateTo');
  return {
    projectId: projectId && uuidPattern.test(projectId) ? projectId : undefined,
    dateFrom: from && dayPattern.test(from) ? from : undefined,
    dateTo: to && dayPattern.test(to) ? to : undefined,
    q: params.get('q')?.trim() || undefined,
  };
}

/** 入伙登记: who took the keys of which room, when, under which purchase contract and handover letter. */
export default function MoveInsPage() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can(access.manageCustomers);
  const actionRef = useRef<ActionType>(undefined);
  const { filters, setFilters } = useAddressFilters(filtersFrom);
  const [text, setText] = useState(filters.q ?? '');
  const [registering, setRegistering] = useState(false);

  const columns: ProColumns<MoveIn>[] = [
    {
      title: t('customers:moveIns.date'),
      dataIndex: 'moveInDate',
      width: 108,
      render: (_, m) => <span style={numeric}>{m.moveInDate}</span>,
    },
    {
      title: t('customers:moveIns.room'),
      dataIndex: 'roomCode',
      width: 190,
      render: (_, m) => (
        <div style={{ lineHeight: 1.4 }}>
          <Typography.Text strong style={numeric}>
            {m.roomCode}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.projectName}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('customers:moveIns.owner'),
      dataIndex: 'customerName',
      width: 150,
      render: (_, m) => (
        <div style={{ lineHeight: 1.4 }}>
          <Link to={`/customers/${m.customerId}`} style={{ fontWeight: 500 }} data-testid="move-in-owner">
            {m.customerName}
          </Link>
          {!m.current && (
            <Tag bordered={false} style={{ marginInlineStart: 6 }}>
              {t('customers:moveIns.ended')}
            </Tag>
          )}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...numeric }}>
              {m.customerMobile ?? m.customerCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('customers:moveInRegister.contractNo'),
      dataIndex: 'contractNo',
      width: 170,
      render: (_, m) => (m.contractNo ? <span style={numeric}>{m.contractNo}</span> : dash),
    },
    {
      title: t('customers:moveInRegister.handoverLetterNo'),
      dataIndex: 'handoverLetterNo',
      width: 130,
      render: (_, m) => (m.handoverLetterNo ? <span style={numeric}>{m.handoverLetterNo}</span> : dash),
    },
    {
      title: t('customers:moveInRegister.inspectionNote'),
      dataIndex: 'inspectionNote',
      width: 240,
      render: (_, m) =>
        m.inspectionNote ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: m.inspectionNote }} style={{ marginBottom: 0 }}>
            {m.inspectionNote}
          </Typography.Paragraph>
        ) : (
          dash
        ),
    },
    {
      title: t('customers:moveIns.registeredBy'),
      dataIndex: 'createdByName',
      width: english ? 150 : 130,
      render: (_, m) => (
        <div style={{ lineHeight: 1.4 }}>
          {m.createdByName ?? dash}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, ...numeric }}>
              {dayjs(m.createdAt).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
          </div>
        </div>
      ),
    },
  ];

  return (
    <PageContainer title={t('customers:moveIns.title')} content={t('customers:moveIns.subtitle')}>
      <ProCard style={{ marginBottom: 16 }} bodyStyle={{ padding: '16px 24px' }}>
        <Space size={[24, 12]} wrap>
          <FilterField label={t('customers:field.project')}>
            <ProjectSelect
              style={{ width: 220 }}
              placeholder={t('customers:list.allProjects')}
              value={filters.projectId}
              onChange={(projectId: string | undefined) => setFilters({ projectId })}
            />
          </FilterField>
          <FilterField label={t('customers:moveIns.date')}>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              value={[filters.dateFrom ? dayjs(filters.dateFrom) : null, filters.dateTo ? dayjs(filters.dateTo) : null]}
              onChange={(range) =>
                setFilters({
                  dateFrom: range?.[0]?.format('YYYY-MM-DD'),
                  dateTo: range?.[1]?.format('YYYY-MM-DD'),
                })
              }
            />
          </FilterField>
          <Input.Search
            allowClear
            style={{ width: 320 }}
            placeholder={t('customers:moveIns.searchPlaceholder')}
            enterButton={<SearchOutlined />}
            value={text}
            maxLength={40}
            onChange={(e) => {
              setText(e.target.value);
              if (e.target.value === '' && filters.q) setFilters({ q: undefined });
            }}
            onSearch={(value) => setFilters({ q: value.trim() || undefined })}
            data-testid="move-ins-search"
          />
        </Space>
      </ProCard>
      <ProTable<MoveIn, Filters>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={false}
        params={filters}
        scroll={{ x: 1100 }}
        headerTitle={t('customers:moveIns.listTitle')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t('customers:moveIns.empty') }}
        request={async (params) => {
          const query: Query = {
            current: Number(params.current) || 1,
            pageSize: Number(params.pageSize) || 20,
            ...filters,
          };
          try {
            const page = await unwrap(api.GET('/api/move-ins', { params: { query } }));
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          can(access.exportCustomers) && (
            <ExportButton key="export" path="/api/move-ins/export" params={() => ({ ...filters })} />
          ),
          canManage && (
            <Button key="register" type="primary" icon={<KeyOutlined />} onClick={() => setRegistering(true)}>
              {t('customers:moveIns.register')}
            </Button>
          ),
        ]}
      />
      {canManage && (
        <MoveInRegisterModal
          open={registering}
          onOpenChange={setRegistering}
          onDone={() => {
            setRegistering(false);
            void actionRef.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
