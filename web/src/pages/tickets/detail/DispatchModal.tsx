import { Alert, Form, Input, Radio, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useSession } from '../../../app/session';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useQueryData } from '../../../components/useQueryData';
import { StaffSelect } from '../filters';
import { SuggestionLine, useSuggestion } from '../reception/DispatchSuggestion';
import type { DispatchCandidates, TicketDetail } from '../types';
import { ActionModal } from './ActionModal';
import { candidateMatches } from './candidates';

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

function ContractorSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v?: string) => void;
  projectId: string;
  /** The contractor under warranty for this ticket's defect, listed first and marked. */
  warranty?: DispatchCandidates['contractor'];
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { data, loading } = useQueryData(
    () =>
      can('contractor.read')
        ? unwrap(
            api.GET('/api/contractors', {
              params: { query: { projectId: props.projectId, active: 'true', pageSize: 100, current: 1 } },
            }),
          )
        : Promise.resolve(null),
    [props.projectId],
  );
  const warranty = props.warranty;
  const others = (data?.data ?? []).filter((c) => c.id !== warranty?.id);
  return (
    <Select<string>
      id={props.id}
      showSearch
      allowClear
      loading={loading}
      optionFilterProp="title"
      placeholder={t('tickets:dispatch.pickContractor')}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={[
        ...(warranty
          ? [
              {
                value: warranty.id,
                title: warranty.name,
                label: (
                  <Space size={6}>
                    {warranty.name}
                    <Tag color="green" bordered={false}>
                      {warranty.warrantyEnd
                        ? t('tickets:dispatch.inWarrantyUntil', { date: warranty.warrantyEnd })
                        : t('tickets:dispatch.inWarranty')}
                    </Tag>
                  </Space>
                ),
              },
            ]
          : []),
        ...others.map((c) => ({ value: c.id, title: c.name, label: c.name })),
      ]}
    />
  );
}

interface PickItem {
  id: string;
  name: string;
  /** Grey text after the name (the person's unit). */
  unit?: string | null;
  /** Tags before the load (on duty). */
  tags?: ReactNode;
  load: number;
}

/**
 * A candidate of the ticket — a person (searchable by pinyin, on duty or not) or a department:
 * the name, its unit, tags and the open tickets it already has; typing filters by `matches`.
 */
function LoadSelect(props: {
  /** From the Form.Item: its label points at the search box. */
  id?: string;
  value?: string;
  onChange?: (v?: string) => void;
  items: PickItem[];
  matches: (id: string, input: string) => boolean;
  loading: boolean;
  placeholder: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Select<string>
      id={props.id}
      showSearch
      allowClear
      loading={props.loading}
      data-testid={props.testId}
      placeholder={props.placeholder}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      optionLabelProp="title"
      filterOption={(input, option) => !!option && props.matches(option.value as string, input)}
      options={props.items.map((item) => ({
        value: item.id,
        title: item.name,
        label: (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Space size={6}>
              <span>{item.name}</span>
              {item.unit && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.unit}
                </Typography.Text>
              )}
            </Space>
            <Space size={4}>
              {item.tags}
              <Tag color={item.load >= 10 ? 'orange' : 'blue'} bordered={false} style={{ marginInlineEnd: 0 }}>
                {t('tickets:dispatch.load', { n: item.load })}
              </Tag>
            </Space>
          </div>
        ),
      }))}
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
  // Dispatchers get the ticket's own candidates (names, load, duty) without reading the staff or
  // organisation registers; a handler transferring the ticket uses the registers they may read.
  const dispatcher = can('ticket.dispatch');
  const candidates = useQueryData(
    () =>
      open && dispatcher
        ? unwrap(api.GET('/api/tickets/{id}/dispatch-candidates', { params: { path: { id: ticket.id } } }))
        : Promise.resolve(null),
    [open, dispatcher, ticket.id],
  );
  const people = candidates.data?.people ?? [];
  const departments = candidates.data?.departments ?? [];
  const kinds: Kind[] = [
    ...(dispatcher || can('user.read') ? (['user'] as const) : []),
    ...(dispatcher || can('org.read') ? (['department'] as const) : []),
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
              {dispatcher ? (
                <LoadSelect
                  loading={candidates.loading}
                  testId="dispatch-person"
                  placeholder={t('tickets:dispatch.pickUserSearch')}
                  matches={(id, input) => {
                    const person = people.find((p) => p.id === id);
                    return !!person && candidateMatches(person, input);
                  }}
                  items={people.map((p) => ({
                    id: p.id,
                    name: p.name,
                    unit: p.orgName,
                    load: p.load,
                    tags: p.onDuty ? (
                      <Tag color="green" bordered={false}>
                        {t('tickets:dispatch.onDuty')}
                      </Tag>
                    ) : p.dutyHolder ? (
                      <Tag bordered={false}>{t('tickets:dispatch.offDuty')}</Tag>
                    ) : null,
                  }))}
                />
              ) : (
                <StaffSelect placeholder={t('tickets:dispatch.pickUser')} />
              )}
            </Form.Item>
          )}
          {kind === 'department' && (
            <Form.Item
              name="handlerOrgId"
              label={t('tickets:handlerKind.department')}
              rules={[{ required: true, message: t('tickets:validation.handlerOrg') }]}
            >
              {dispatcher ? (
                <LoadSelect
                  loading={candidates.loading}
                  testId="dispatch-department"
                  placeholder={t('tickets:dispatch.pickDepartment')}
                  matches={(id, input) => !!departments.find((d) => d.id === id)?.name.includes(input.trim())}
                  items={departments}
                />
              ) : (
                <OrgTreeSelect selectableKinds={['department']} />
              )}
            </Form.Item>
          )}
          {(kind ?? kinds[0]) === 'contractor' && (
            <Form.Item
              name="contractorId"
              label={t('tickets:handlerKind.contractor')}
              rules={[{ required: true, message: t('tickets:validation.contractor') }]}
            >
              <ContractorSelect projectId={ticket.projectId} warranty={candidates.data?.contractor} />
            </Form.Item>
          )}
          {!dispatcher && !can('user.read') && (
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
