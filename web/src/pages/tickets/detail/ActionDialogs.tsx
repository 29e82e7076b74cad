import { Alert, Form, Input, Rate, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { QuickReasons } from '../../../components/QuickReasons';
import { CataloguePicker } from '../CataloguePicker';
import { type Severity, severities, type TicketType, ticketTypes } from '../shared';
import type { CatalogueHit, TicketDetail } from '../types';
import { ActionModal } from './ActionModal';

/** The dialogs the action bar opens; `perform` sends the action and resolves when it is done. */
export type DialogAction =
  | 'note'
  | 'pause'
  | 'resume'
  | 'resolve'
  | 'visit'
  | 'close'
  | 'cancel'
  | 'merge'
  | 'reclassify'
  | 'instruct';

type Perform = (action: DialogAction, body: Record<string, unknown>) => Promise<void>;

interface Props {
  ticket: TicketDetail;
  open: DialogAction | null;
  onCancel: () => void;
  perform: Perform;
}

const reasonRule = (message: string) => [{ required: true, whitespace: true, message }];

function ReasonField({ name, label, quick }: { name: string; label: string; quick?: string[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.Item label={label} required>
      <Form.Item name={name} noStyle rules={reasonRule(t('tickets:validation.reason'))}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} autoFocus />
      </Form.Item>
      {quick && (
        <QuickReasons
          label={t('tickets:action.quick')}
          reasons={quick}
          onPick={(reason) => form.setFieldValue(name, reason)}
        />
      )}
    </Form.Item>
  );
}

/** 合并: the ticket this one duplicates, found by its number or title. */
function TargetTicketSelect({
  value,
  onChange,
  exclude,
}: {
  value?: string;
  onChange?: (v?: string) => void;
  exclude: string;
}) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    const q = keyword.trim();
    if (!q) {
      setOptions([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(async () => {
      try {
        const page = await unwrap(api.GET('/api/tickets', { params: { query: { q, pageSize: 10, current: 1 } } }));
        if (!stale)
          setOptions(
            page.data
              .filter((r) => r.id !== exclude && !['closed', 'cancelled', 'merged'].includes(r.state))
              .map((r) => ({ value: r.id, label: `${r.publicNo} · ${r.title}` })),
          );
      } catch {
        if (!stale) setOptions([]);
      }
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [keyword, exclude]);
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      placeholder={t('tickets:merge.placeholder')}
      notFoundContent={keyword.trim() ? t('tickets:merge.none') : t('tickets:merge.type')}
      onSearch={setKeyword}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      data-testid="merge-target"
    />
  );
}

export function ActionDialogs({ ticket, open, onCancel, perform }: Props) {
  const { t } = useTranslation();
  const [visitForm] = Form.useForm<{ reached: boolean; satisfaction?: number; comment?: string }>();
  const reached = Form.useWatch('reached', visitForm);
  const satisfaction = Form.useWatch('satisfaction', visitForm);
  const [reclassHit, setReclassHit] = useState<CatalogueHit | null>(null);
  const [reclassForm] = Form.useForm<{
    type: TicketType;
    catalogueItemId?: string;
    severity?: Severity;
    reason: string;
  }>();
  const reclassType = Form.useWatch('type', reclassForm);

  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const optional = (key: string, v: unknown) => (text(v) ? { [key]: text(v) } : {});

  return (
    <>
      <ActionModal<{ body: string; customerVisible: boolean }>
        open={open === 'note'}
        title={t('tickets:action.note')}
        onCancel={onCancel}
        initialValues={{ customerVisible: false }}
        onSubmit={(v) =>
          perform('note', { body: text(v.body), visibility: v.customerVisible ? 'customer' : 'internal' })
        }
      >
        <Form.Item name="body" label={t('tickets:note.body')} rules={reasonRule(t('tickets:validation.note'))}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} autoFocus />
        </Form.Item>
        <Form.Item name="customerVisible" label={t('tickets:progress.customerVisible')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ reason: string }>
        open={open === 'pause'}
        title={t('tickets:action.pause')}
        onCancel={onCancel}
        onSubmit={(v) => perform('pause', { reason: text(v.reason) })}
      >
        <Typography.Paragraph type="secondary">{t('tickets:pause.hint')}</Typography.Paragraph>
        <ReasonField
          name="reason"
          label={t('tickets:field.reason')}
          quick={[t('tickets:pause.quick1'), t('tickets:pause.quick2'), t('tickets:pause.quick3')]}
        />
      </ActionModal>

      <ActionModal<{ note?: string }>
        open={open === 'resume'}
        title={t('tickets:action.resume')}
        onCancel={onCancel}
        onSubmit={(v) => perform('resume', optional('note', v.note))}
      >
        <Form.Item name="note" label={t('tickets:field.noteOptional')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ resolution: string }>
        open={open === 'resolve'}
        title={t('tickets:action.resolve')}
        onCancel={onCancel}
        onSubmit={(v) => perform('resolve', { resolution: text(v.resolution) })}
      >
        <Typography.Paragraph type="secondary">
          {ticket.returnVisitRequired ? t('tickets:resolve.hintVisit') : t('tickets:resolve.hintClose')}
        </Typography.Paragraph>
        <Form.Item
          name="resolution"
          label={t('tickets:resolve.resolution')}
          rules={reasonRule(t('tickets:validation.resolution'))}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ reached: boolean; satisfaction?: number; comment?: string }>
        form={visitForm}
        open={open === 'visit'}
        title={t('tickets:action.visit')}
        onCancel={onCancel}
        initialValues={{ reached: true }}
        onSubmit={(v) =>
          perform('visit', {
            reached: v.reached,
            ...(v.reached && v.satisfaction ? { satisfaction: v.satisfaction } : {}),
            ...optional('comment', v.comment),
          })
        }
      >
        <Form.Item name="reached" label={t('tickets:visit.reached')} valuePropName="checked">
          <Switch checkedChildren={t('common:yes')} unCheckedChildren={t('common:no')} />
        </Form.Item>
        {reached !== false && (
          <Form.Item
            name="satisfaction"
            label={t('tickets:visit.satisfaction')}
            rules={[{ required: true, message: t('tickets:validation.satisfaction') }]}
          >
            <Rate tooltips={[1, 2, 3, 4, 5].map((n) => t(`tickets:visit.rate${n}`))} data-testid="visit-rate" />
          </Form.Item>
        )}
        {reached !== false && typeof satisfaction === 'number' && satisfaction <= 2 && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('tickets:visit.reopenWarning')} />
        )}
        {reached === false && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('tickets:visit.unreachedHint')} />
        )}
        <Form.Item name="comment" label={t('tickets:visit.comment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ note?: string }>
        open={open === 'close'}
        title={t('tickets:action.close')}
        onCancel={onCancel}
        onSubmit={(v) => perform('close', optional('note', v.note))}
      >
        <Form.Item name="note" label={t('tickets:field.noteOptional')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ reason: string }>
        open={open === 'cancel'}
        title={t('tickets:action.cancel')}
        okText={t('tickets:action.cancelConfirm')}
        danger
        onCancel={onCancel}
        onSubmit={(v) => perform('cancel', { reason: text(v.reason) })}
      >
        <Typography.Paragraph type="secondary">{t('tickets:cancel.hint')}</Typography.Paragraph>
        <ReasonField
          name="reason"
          label={t('tickets:field.reason')}
          quick={[t('tickets:cancel.quick1'), t('tickets:cancel.quick2'), t('tickets:cancel.quick3')]}
        />
      </ActionModal>

      <ActionModal<{ targetTicketId: string; reason: string }>
        open={open === 'merge'}
        title={t('tickets:action.merge')}
        onCancel={onCancel}
        onSubmit={(v) => perform('merge', { targetTicketId: v.targetTicketId, reason: text(v.reason) })}
      >
        <Typography.Paragraph type="secondary">{t('tickets:merge.hint')}</Typography.Paragraph>
        <Form.Item
          name="targetTicketId"
          label={t('tickets:merge.target')}
          rules={[{ required: true, message: t('tickets:validation.mergeTarget') }]}
        >
          <TargetTicketSelect exclude={ticket.id} />
        </Form.Item>
        <ReasonField name="reason" label={t('tickets:field.reason')} quick={[t('tickets:merge.quick1')]} />
      </ActionModal>

      <ActionModal<{ type: TicketType; catalogueItemId?: string; severity?: Severity; reason: string }>
        form={reclassForm}
        open={open === 'reclassify'}
        title={t('tickets:action.reclassify')}
        width={600}
        onCancel={onCancel}
        initialValues={{
          type: ticket.type,
          catalogueItemId: ticket.catalogueItemId ?? undefined,
          severity: ticket.severity,
        }}
        onSubmit={(v) =>
          perform('reclassify', {
            ...(v.type !== ticket.type ? { type: v.type } : {}),
            ...(v.catalogueItemId !== (ticket.catalogueItemId ?? undefined)
              ? { catalogueItemId: v.catalogueItemId ?? null }
              : {}),
            ...(v.severity && v.severity !== ticket.severity ? { severity: v.severity } : {}),
            reason: text(v.reason),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('tickets:reclassify.hint')}</Typography.Paragraph>
        <Form.Item name="type" label={t('tickets:field.type')}>
          <Select options={ticketTypes.map((v) => ({ value: v, label: t(`tickets:type.${v}`) }))} />
        </Form.Item>
        <Form.Item name="catalogueItemId" label={t('tickets:field.catalogueItem')}>
          <CataloguePicker
            ticketType={reclassType}
            initial={
              reclassHit ??
              (ticket.catalogueItemId && ticket.catalogueItemName
                ? ({ id: ticket.catalogueItemId, name: ticket.catalogueItemName, pathText: '' } as CatalogueHit)
                : null)
            }
            onChange={(_, hit) => {
              setReclassHit(hit ?? null);
              if (hit) reclassForm.setFieldValue('severity', hit.severity);
            }}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('tickets:field.severity')}>
          <Select options={severities.map((v) => ({ value: v, label: t(`tickets:severity.${v}`) }))} />
        </Form.Item>
        <ReasonField name="reason" label={t('tickets:field.reason')} />
      </ActionModal>

      <ActionModal<{ body: string }>
        open={open === 'instruct'}
        title={t('tickets:action.instruct')}
        onCancel={onCancel}
        onSubmit={(v) => perform('instruct', { body: text(v.body) })}
      >
        <Typography.Paragraph type="secondary">{t('tickets:instruct.hint')}</Typography.Paragraph>
        <Form.Item name="body" label={t('tickets:instruct.body')} rules={reasonRule(t('tickets:validation.instruct'))}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} autoFocus />
        </Form.Item>
      </ActionModal>
    </>
  );
}
