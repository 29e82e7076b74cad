import { Alert, Form, Input, Radio, Segmented, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useSession } from '../../../app/session';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useQueryData } from '../../../components/useQueryData';
import { StaffSelect } from '../filters';
import { SuggestionLine, useSuggestion } from '../reception/DispatchSuggestion';
import type { TicketDetail } from '../types';
import { ActionModal } from './ActionModal';

type Kind = 'user' | 'department' | 'contractor';

interface Values {
  mode: 'auto' | 'manual';
  handlerKind: Kind;
  handlerUserId?: string;
  handlerOrgId?: string;
  contractorId?: string;
  reason?: string;
  note?: string;
}

export interface DispatchRequest {
  mode: 'auto' | 'manual';
  handlerKind?: Kind;
  handlerUserId?: string;
  handlerOrgId?: string;
  contractorId?: string;
  reason?: string;
  note?: string;
}

function ContractorSelect(props: { value?: string; onChange?: (v?: string) => void; projectId: string }) {
  const { t } = useTranslation();
  const { data, loading } = useQueryData(
    () =>
      unwrap(
        api.GET('/api/contractors', {
          params: { query: { projectId: props.projectId, active: 'true', pageSize: 100, current: 1 } },
        }),
      ),
    [props.projectId],
  );
  return (
    <Select<string>
      showSearch
      allowClear
      loading={loading}
      optionFilterProp="label"
      placeholder={t('tickets:dispatch.pickContractor')}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={(data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

/**
 * 派工 / 改派: the suggestion (warranty, rule, duty, load or department) with its reason, or a
 * handler picked by hand — a person, a department or a contractor; a reassignment needs a reason.
 */
export function DispatchModal({
  ticket,
  reassign,
  open,
  onCancel,
  onSubmit,
}: {
  ticket: TicketDetail;
  reassign: boolean;
  open: boolean;
  onCancel: () => void;
  onSubmit: (body: DispatchRequest) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const kind = Form.useWatch('handlerKind', form);
  const suggestion = useSuggestion(
    open
      ? {
          projectId: ticket.projectId,
          roomId: ticket.roomId ?? undefined,
          type: ticket.type,
          catalogueItemId: ticket.catalogueItemId ?? undefined,
        }
      : {},
  );
  // Pickers the user may read: staff need user.read, departments org.read; contractors are open to the desk.
  const kinds: Kind[] = [
    ...(can('user.read') ? (['user'] as const) : []),
    ...(can('org.read') ? (['department'] as const) : []),
    'contractor',
  ];
  const canAuto = !!suggestion.suggestion?.method;

  return (
    <ActionModal<Values>
      form={form}
      open={open}
      title={reassign ? t('tickets:action.reassign') : t('tickets:action.dispatch')}
      width={620}
      onCancel={onCancel}
      initialValues={{ mode: 'auto', handlerKind: kinds[0] }}
      onSubmit={async (values) => {
        const manual = values.mode === 'manual' || !canAuto;
        const body: DispatchRequest = manual
          ? {
              mode: 'manual',
              handlerKind: values.handlerKind,
              ...(values.handlerKind === 'user' ? { handlerUserId: values.handlerUserId } : {}),
              ...(values.handlerKind === 'department' ? { handlerOrgId: values.handlerOrgId } : {}),
              ...(values.handlerKind === 'contractor' ? { contractorId: values.contractorId } : {}),
            }
          : { mode: 'auto' };
        if (reassign) body.reason = values.reason?.trim();
        else if (values.note?.trim()) body.note = values.note.trim();
        await onSubmit(body);
      }}
    >
      {ticket.handlerName && reassign && (
        <Typography.Paragraph type="secondary">
          {t('tickets:dispatch.current', { name: ticket.handlerName })}
        </Typography.Paragraph>
      )}
      <Form.Item name="mode" style={{ marginBottom: 8 }}>
        <Radio.Group>
          <Radio value="auto" disabled={!canAuto}>
            {t('tickets:dispatch.bySuggestion')}
          </Radio>
          <Radio value="manual">{t('tickets:dispatch.byHand')}</Radio>
        </Radio.Group>
      </Form.Item>
      {(mode ?? 'auto') === 'auto' && canAuto ? (
        <div style={{ background: '#fafafa', borderRadius: 8, padding: '8px 12px', marginBottom: 16 }}>
          <SuggestionLine {...suggestion} />
        </div>
      ) : (
        <>
          {!canAuto && suggestion.suggestion && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={suggestion.suggestion.reason} />
          )}
          <Form.Item name="handlerKind" label={t('tickets:dispatch.kind')}>
            <Segmented options={kinds.map((k) => ({ value: k, label: t(`tickets:handlerKind.${k}`) }))} />
          </Form.Item>
          {kind === 'user' && (
            <Form.Item
              name="handlerUserId"
              label={t('tickets:handlerKind.user')}
              rules={[{ required: true, message: t('tickets:validation.handlerUser') }]}
            >
              <StaffSelect placeholder={t('tickets:dispatch.pickUser')} />
            </Form.Item>
          )}
          {kind === 'department' && (
            <Form.Item
              name="handlerOrgId"
              label={t('tickets:handlerKind.department')}
              rules={[{ required: true, message: t('tickets:validation.handlerOrg') }]}
            >
              <OrgTreeSelect selectableKinds={['department', 'project_office']} />
            </Form.Item>
          )}
          {(kind ?? kinds[0]) === 'contractor' && (
            <Form.Item
              name="contractorId"
              label={t('tickets:handlerKind.contractor')}
              rules={[{ required: true, message: t('tickets:validation.contractor') }]}
            >
              <ContractorSelect projectId={ticket.projectId} />
            </Form.Item>
          )}
          {!can('user.read') && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('tickets:dispatch.limitedPickers')}
            </Typography.Paragraph>
          )}
        </>
      )}
      {reassign ? (
        <Form.Item
          name="reason"
          label={t('tickets:field.reason')}
          rules={[{ required: true, whitespace: true, message: t('tickets:validation.reason') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      ) : (
        <Form.Item name="note" label={t('tickets:dispatch.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      )}
    </ActionModal>
  );
}
