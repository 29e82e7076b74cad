import { ModalForm, ProForm, ProFormDatePicker, type ProFormInstance, ProFormText } from '@ant-design/pro-components';
import { App, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import type { Customer } from '../customers/shared';

interface TransferValues {
  toCustomerIds: string[];
  date: string | Dayjs;
  note?: string;
}

/** Picks up to five customers, searching the one search box of GET /api/customers as one types. */
function CustomerSearchSelect(props: {
  value?: string[];
  onChange?: (value: string[]) => void;
  exclude: string[];
  /** Only customers of the room's company may own it; undefined while it is being looked up. */
  companyId: string | undefined;
}) {
  const { t } = useTranslation();
  const { exclude, companyId, ...rest } = props;
  const [keyword, setKeyword] = useState('');
  const [found, setFound] = useState<Customer[]>([]);
  const [loading, setLoading] = useState(false);
  // The customers already picked stay labelled when a new search no longer lists them.
  const [picked, setPicked] = useState<Map<string, Customer>>(new Map());

  useEffect(() => {
    const q = keyword.trim();
    if (!q) {
      setFound([]);
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const page = await unwrap(
          api.GET('/api/customers', { params: { query: { q, active: 'true', pageSize: 20, current: 1 } } }),
        );
        if (!stale) setFound(page.data.filter((c) => !c.anonymised));
      } catch {
        if (!stale) setFound([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [keyword]);

  const options = new Map<string, Customer>(picked);
  for (const c of found) {
    if (!exclude.includes(c.id) && (!companyId || c.companyId === companyId)) options.set(c.id, c);
  }

  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      maxCount={5}
      loading={loading}
      placeholder={t('property:transfer.ownersPlaceholder')}
      notFoundContent={
        loading
          ? t('property:transfer.searching')
          : keyword.trim()
            ? t('property:transfer.noCustomer')
            : t('property:transfer.typeToSearch')
      }
      onSearch={setKeyword}
      style={{ width: '100%' }}
      {...rest}
      onChange={(ids: string[]) => {
        setPicked(new Map(ids.flatMap((id) => (options.get(id) ? [[id, options.get(id) as Customer]] : []))));
        setKeyword('');
        rest.onChange?.(ids);
      }}
      options={[...options.values()].map((c) => ({ value: c.id, label: `${c.name}（${c.code}）`, customer: c }))}
      optionRender={(option) => {
        const c = (option.data as { customer: Customer }).customer;
        return (
          <Space size={8} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              <Typography.Text strong>{c.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {c.code}
              </Typography.Text>
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
              {c.mobile ?? '-'}
            </Typography.Text>
          </Space>
        );
      }}
    />
  );
}

/** 过户: the current owners hand the room over to one or more new owners on a date. */
export function TransferModal({
  roomId,
  roomCode,
  owners,
  open,
  onOpenChange,
  onDone,
}: {
  roomId: string;
  roomCode: string;
  /** The current owners: shown, and left out of the choices. */
  owners: { customerId: string; customerName: string; fromDate: string }[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<TransferValues>>(undefined);
  const today = dayjs().format('YYYY-MM-DD');
  const latestFrom =
    owners
      .map((o) => o.fromDate)
      .sort()
      .at(-1) ?? '';
  // The room's company is its current owners' company.
  const firstOwner = owners[0]?.customerId;
  const { data: owner } = useQueryData(
    async () =>
      open && firstOwner ? unwrap(api.GET('/api/customers/{id}', { params: { path: { id: firstOwner } } })) : null,
    [open, firstOwner],
  );

  return (
    <ModalForm<TransferValues>
      formRef={formRef}
      title={t('property:transfer.title', { code: roomCode })}
      open={open}
      onOpenChange={onOpenChange}
      width={560}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={{ date: today, toCustomerIds: [] }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{ searchConfig: { submitText: t('property:transfer.submit'), resetText: t('common:cancel') } }}
      onFinish={async (values) => {
        try {
          await unwrap(
            api.POST('/api/rooms/{id}/transfer', {
              params: { path: { id: roomId } },
              body: {
                toCustomerIds: values.toCustomerIds,
                date: dayjs(values.date).format('YYYY-MM-DD'),
                note: values.note?.trim() || null,
              },
            }),
          );
          message.success(t('property:transfer.done'));
          onDone();
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <ProForm.Item label={t('property:transfer.currentOwners')}>
        <Typography.Text>{owners.map((o) => o.customerName).join('、')}</Typography.Text>
      </ProForm.Item>
      <ProForm.Item
        name="toCustomerIds"
        label={t('property:transfer.newOwners')}
        extra={t('property:transfer.ownersExtra')}
        rules={[{ required: true, type: 'array', min: 1, message: t('property:transfer.ownersRequired') }]}
      >
        <CustomerSearchSelect exclude={owners.map((o) => o.customerId)} companyId={owner?.companyId} />
      </ProForm.Item>
      <ProFormDatePicker
        name="date"
        label={t('property:transfer.date')}
        width="100%"
        extra={t('property:transfer.dateExtra')}
        fieldProps={{
          style: { width: '100%' },
          allowClear: false,
          disabledDate: (d: Dayjs) => d.isAfter(today, 'day') || (!!latestFrom && d.isBefore(latestFrom, 'day')),
        }}
        rules={[{ required: true, message: t('property:transfer.dateRequired') }]}
      />
      <ProFormText
        name="note"
        label={t('property:transfer.note')}
        placeholder={t('property:transfer.notePlaceholder')}
        fieldProps={{ maxLength: 200 }}
      />
    </ModalForm>
  );
}
