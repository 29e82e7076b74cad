import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Form, Input, Modal, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ProjectSelect } from '../../components/ProjectSelect';
import { errorText, showProblem } from '../../components/problem';
import type { Topic } from './shared';

export function TopicStateTag({ state }: { state: Topic['state'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={state === 'open' ? 'processing' : 'default'} bordered={false}>
      {t(`casework:topic.state.${state}`)}
    </Tag>
  );
}

/** 投诉专题: group complaints and hot issues, each linking the tickets of one project. */
export default function TopicsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const canManage = can(access.manageTopics);
  const actionRef = useRef<ActionType>(undefined);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ projectId: string; title: string; description?: string }>();

  const create = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const topic = await unwrap(api.POST('/api/topics', { body: values }));
      message.success(t('casework:topic.created', { no: topic.publicNo }));
      setCreating(false);
      navigate(`/service-desk/topics/${topic.id}`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const columns: ProColumns<Topic>[] = [
    {
      title: t('casework:topic.search'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('casework:topic.searchPlaceholder'), allowClear: true },
    },
    {
      title: t('casework:topic.project'),
      dataIndex: 'projectId',
      hideInTable: true,
      renderFormItem: () => <ProjectSelect placeholder={t('casework:topic.allProjects')} />,
    },
    {
      title: t('casework:topic.stateLabel'),
      dataIndex: 'state',
      valueType: 'select',
      width: 90,
      fieldProps: {
        options: [
          { value: 'open', label: t('casework:topic.state.open') },
          { value: 'closed', label: t('casework:topic.state.closed') },
        ],
      },
      render: (_, r) => <TopicStateTag state={r.state} />,
    },
    { title: t('casework:topic.no'), dataIndex: 'publicNo', search: false, width: 170 },
    {
      title: t('casework:topic.title'),
      dataIndex: 'title',
      search: false,
      render: (_, r) => (
        <Typography.Link strong onClick={() => navigate(`/service-desk/topics/${r.id}`)}>
          {r.title}
        </Typography.Link>
      ),
    },
    { title: t('casework:topic.project'), dataIndex: 'projectName', search: false, width: 120 },
    {
      title: t('casework:topic.ticketCount'),
      dataIndex: 'ticketCount',
      search: false,
      width: 100,
      align: 'right',
    },
    { title: t('casework:topic.createdBy'), dataIndex: 'createdByName', search: false, width: 100 },
    {
      title: t('casework:topic.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      width: 150,
      render: (_, r) => dayjs(r.createdAt).format('YYYY-MM-DD HH:mm'),
    },
  ];

  return (
    <PageContainer title={t('casework:topic.pageTitle')} content={t('casework:topic.subtitle')}>
      <ProTable<Topic>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: 6 }}
        pagination={{ defaultPageSize: 20 }}
        options={{ density: false, setting: false, reload: true, fullScreen: false }}
        request={async (params) => {
          try {
            const page = await unwrap(
              api.GET('/api/topics', {
                params: {
                  query: {
                    current: Number(params.current) || 1,
                    pageSize: Number(params.pageSize) || 20,
                    q: typeof params.q === 'string' && params.q.trim() ? params.q.trim() : undefined,
                    projectId: (params.projectId as string | undefined) || undefined,
                    state: (params.state as Topic['state'] | undefined) || undefined,
                  },
                },
              }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          canManage && (
            <Button
              key="create"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.resetFields();
                setCreating(true);
              }}
            >
              {t('casework:topic.create')}
            </Button>
          ),
        ]}
      />
      <Modal
        open={creating}
        title={t('casework:topic.create')}
        onCancel={() => setCreating(false)}
        onOk={create}
        confirmLoading={saving}
        okText={t('common:save')}
        destroyOnHidden
      >
        <Form form={form} name="topicCreate" layout="vertical">
          <Form.Item name="projectId" label={t('casework:topic.project')} rules={[{ required: true }]}>
            <ProjectSelect />
          </Form.Item>
          <Form.Item name="title" label={t('casework:topic.title')} rules={[{ required: true, max: 100 }]}>
            <Input placeholder={t('casework:topic.titlePlaceholder')} />
          </Form.Item>
          <Form.Item name="description" label={t('casework:topic.description')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
