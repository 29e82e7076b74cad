import { ModalForm, ProForm, ProFormDatePicker, type ProFormInstance, ProFormText } from '@ant-design/pro-components';
import { App, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { CustomerPicker } from '../customers/CustomerPicker';

interface TransferValues {
  toCustomerIds: string[];
  date: string | Dayjs;
  note?: string;
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
        <CustomerPicker<string[]>
          multiple
          exclude={owners.map((o) => o.customerId)}
          companyId={owner?.companyId}
          placeholder={t('property:transfer.ownersPlaceholder')}
        />
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
