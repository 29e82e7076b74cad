import {
  EllipsisOutlined,
  HomeOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  PlusOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import {
  ModalForm,
  ProFormDateTimePicker,
  type ProFormInstance,
  ProFormRadio,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Button, Pagination, Segmented, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { PanelList, PanelToolbar, RoomField } from './PanelParts';
import { type ContactChannel, type ContactRecord, type Customer, contactChannels, type Occupancy } from './shared';

const channelLook: Record<ContactChannel, { icon: ReactNode; color: string }> = {
  call: { icon: <PhoneOutlined />, color: '#1677ff' },
  visit: { icon: <HomeOutlined />, color: '#52c41a' },
  wechat: { icon: <WechatOutlined />, color: '#07c160' },
  message: { icon: <MessageOutlined />, color: '#fa8c16' },
  email: { icon: <MailOutlined />, color: '#722ed1' },
  other: { icon: <EllipsisOutlined />, color: '#8c8c8c' },
};

const PAGE_SIZE = 10;

interface Values {
  channel: ContactChannel;
  occurredAt: string | Dayjs;
  roomId?: string;
  summary: string;
}

function ContactRecordForm({
  customer,
  rooms,
  open,
  onClose,
  onSaved,
}: {
  customer: Customer;
  rooms: Occupancy[];
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const current = rooms.filter((o) => o.current);

  return (
    <ModalForm<Values>
      formRef={formRef}
      title={t('customers:records.addTitle', { name: customer.name })}
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      width={600}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={{
        channel: 'call',
        occurredAt: dayjs(),
        // The only current room is what the contact is most likely about.
        roomId: new Set(current.map((o) => o.roomId)).size === 1 ? current[0]?.roomId : undefined,
      }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      onFinish={async (values) => {
        try {
          await unwrap(
            api.POST('/api/customers/{id}/contact-records', {
              params: { path: { id: customer.id } },
              body: {
                channel: values.channel,
                occurredAt: dayjs(values.occurredAt).toISOString(),
                summary: values.summary.trim(),
                roomId: values.roomId ?? null,
              },
            }),
          );
          message.success(t('customers:records.saved'));
          onSaved();
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <ProFormRadio.Group
        name="channel"
        label={t('customers:records.channel')}
        radioType="button"
        options={contactChannels.map((c) => ({ value: c, label: t(`customers:records.channelName.${c}`) }))}
        rules={[{ required: true, message: t('customers:records.channelRequired') }]}
      />
      <ProFormDateTimePicker
        name="occurredAt"
        label={t('customers:records.occurredAt')}
        fieldProps={{
          style: { width: '100%' },
          format: 'YYYY-MM-DD HH:mm',
          showTime: { format: 'HH:mm' },
          allowClear: false,
          disabledDate: (d: Dayjs) => d.isAfter(dayjs(), 'day'),
        }}
        rules={[
          { required: true, message: t('customers:records.occurredAtRequired') },
          {
            validator: (_: unknown, value: string | Dayjs | undefined) =>
              !value || !dayjs(value).isAfter(dayjs().add(1, 'minute'))
                ? Promise.resolve()
                : Promise.reject(new Error(t('customers:records.occurredAtFuture'))),
          },
        ]}
      />
      <RoomField label={t('customers:records.room')} rooms={rooms} />
      <ProFormTextArea
        name="summary"
        label={t('customers:records.summary')}
        placeholder={t('customers:records.summaryPlaceholder')}
        fieldProps={{ maxLength: 1000, showCount: true, autoSize: { minRows: 4, maxRows: 8 } }}
        rules={[
          { required: true, whitespace: true, message: t('customers:records.summaryRequired') },
          { min: 2, message: t('customers:records.summaryTooShort') },
        ]}
        extra={t('customers:records.permanent')}
      />
    </ModalForm>
  );
}

/** 沟通记录: every call, visit and message with the customer, newest first. Records are never edited. */
export function ContactRecordsPanel({
  customer,
  rooms,
  writable,
  onCount,
}: {
  customer: Customer;
  rooms: Occupancy[];
  writable: boolean;
  onCount: (count: number) => void;
}) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [page, setPage] = useState(1);
  const [channel, setChannel] = useState<ContactChannel | 'all'>('all');
  const [adding, setAdding] = useState(false);
  const list = useQueryData(
    () =>
      unwrap(
        api.GET('/api/customers/{id}/contact-records', {
          params: {
            path: { id: customer.id },
            query: { current: page, pageSize: PAGE_SIZE, channel: channel === 'all' ? undefined : channel },
          },
        }),
      ),
    [customer.id, version, page, channel],
  );
  useEffect(() => {
    if (list.data && channel === 'all') onCount(list.data.total);
  }, [list.data, channel, onCount]);
  const records = list.data?.data ?? [];

  return (
    <div data-testid="records-panel">
      <PanelToolbar
        marginBottom={16}
        left={
          <Segmented<ContactChannel | 'all'>
            value={channel}
            onChange={(value) => {
              setChannel(value);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('customers:records.all') },
              ...contactChannels.map((c) => ({ value: c, label: t(`customers:records.channelName.${c}`) })),
            ]}
          />
        }
        right={
          writable && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-record">
              {t('customers:records.add')}
            </Button>
          )
        }
      />
      <PanelList list={list} skeletonRows={4} empty={records.length > 0 ? null : t('customers:records.none')}>
        <Timeline
          style={{ paddingTop: 8 }}
          items={records.map((r: ContactRecord) => ({
            key: r.id,
            dot: (
              <span style={{ color: channelLook[r.channel].color, fontSize: 16 }}>{channelLook[r.channel].icon}</span>
            ),
            children: (
              <div data-testid="contact-record">
                <Space size={10} wrap style={{ marginBottom: 4 }}>
                  <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {dayjs(r.occurredAt).format('YYYY-MM-DD HH:mm')}
                  </Typography.Text>
                  <Tag bordered={false} color={channelLook[r.channel].color} style={{ marginInlineEnd: 0 }}>
                    {t(`customers:records.channelName.${r.channel}`)}
                  </Tag>
                  {r.roomCode && (
                    <Typography.Text type="secondary">
                      {r.projectName} {r.roomCode}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary">{t('customers:records.by', { name: r.staffName })}</Typography.Text>
                </Space>
                <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                  {r.summary}
                </Typography.Paragraph>
              </div>
            ),
          }))}
        />
        {(list.data?.total ?? 0) > PAGE_SIZE && (
          <Pagination
            size="small"
            align="end"
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data?.total ?? 0}
            showSizeChanger={false}
            showTotal={(total) => t('customers:records.total', { count: total })}
            onChange={setPage}
          />
        )}
      </PanelList>
      {writable && (
        <ContactRecordForm
          key={String(adding)}
          customer={customer}
          rooms={rooms}
          open={adding}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            setPage(1);
            setChannel('all');
            setVersion((v) => v + 1);
          }}
        />
      )}
    </div>
  );
}
