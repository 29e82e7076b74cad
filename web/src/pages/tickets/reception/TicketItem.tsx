import { CloseOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Input, Segmented, Select, Space, Typography } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SolutionSearch } from '../../casework/SolutionSearch';
import { CataloguePicker } from '../CataloguePicker';
import { type TicketType, ticketTypes } from '../shared';
import type { CatalogueHit } from '../types';
import { SuggestionLine, useSuggestion } from './DispatchSuggestion';

export interface TicketItemValues {
  type: TicketType;
  catalogueItemId?: string;
  content?: string;
  answer?: string;
  dispatchMode: 'auto' | 'none';
}

export const newTicketItem = (): TicketItemValues => ({ type: 'repair', dispatchMode: 'auto' });

/**
 * One ticket of the reception: its type, the catalogue item, (for the second and later ones) its
 * own description, an answer on the spot for a consultation, and who it will be dispatched to.
 */
export function TicketItem({
  form,
  name,
  index,
  count,
  projectId,
  roomId,
  onRemove,
  catalogueRef,
  onPicked,
}: {
  form: FormInstance;
  name: number;
  index: number;
  count: number;
  projectId?: string;
  roomId?: string;
  onRemove: () => void;
  catalogueRef?: Ref<RefSelectProps>;
  onPicked?: () => void;
}) {
  const { t } = useTranslation();
  const type = Form.useWatch(['tickets', name, 'type'], form) as TicketType | undefined;
  const catalogueItemId = Form.useWatch(['tickets', name, 'catalogueItemId'], form) as string | undefined;
  const answer = Form.useWatch(['tickets', name, 'answer'], form) as string | undefined;
  const dispatchMode = Form.useWatch(['tickets', name, 'dispatchMode'], form) as string | undefined;
  const [hit, setHit] = useState<CatalogueHit | null>(null);
  const suggestion = useSuggestion({ projectId, roomId, type, catalogueItemId });
  const answered = type === 'consultation' && !!answer?.trim();

  return (
    <div
      data-testid={`ticket-item-${index}`}
      style={{
        border: '1px solid #f0f0f0',
        borderRadius: 8,
        padding: '12px 16px 4px',
        marginBottom: 12,
        background: '#fcfcfd',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Text strong>{t('tickets:reception.ticketN', { n: index + 1 })}</Typography.Text>
        {count > 1 && (
          <Button
            size="small"
            type="text"
            icon={<CloseOutlined />}
            onClick={onRemove}
            aria-label={t('tickets:reception.removeTicket')}
          />
        )}
      </div>
      <Form.Item name={[name, 'type']} label={t('tickets:field.type')} style={{ marginBottom: 12 }}>
        <Segmented
          options={ticketTypes.map((ty) => ({ value: ty, label: t(`tickets:type.${ty}`) }))}
          onChange={(next) => {
            // An item that does not take the new type is dropped (the search offers only items that do).
            if (hit && !hit.ticketTypes.includes(next as TicketType)) {
              form.setFieldValue(['tickets', name, 'catalogueItemId'], undefined);
              setHit(null);
            }
          }}
        />
      </Form.Item>
      <Form.Item
        name={[name, 'catalogueItemId']}
        label={t('tickets:field.catalogueItem')}
        extra={hit ? <Typography.Text type="secondary">{hit.pathText}</Typography.Text> : undefined}
        style={{ marginBottom: 12 }}
      >
        <CataloguePicker
          ref={catalogueRef}
          ticketType={type}
          initial={hit}
          data-testid={`catalogue-picker-${index}`}
          onChange={(_, picked) => {
            setHit(picked ?? null);
            if (picked) onPicked?.();
          }}
        />
      </Form.Item>
      {index > 0 && (
        <Form.Item
          name={[name, 'content']}
          label={t('tickets:field.ticketContent')}
          rules={[{ required: true, whitespace: true, message: t('tickets:validation.ticketContent') }]}
          style={{ marginBottom: 12 }}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
      )}
      {type === 'consultation' && (
        <Form.Item
          name={[name, 'answer']}
          label={t('tickets:field.answer')}
          extra={t('tickets:reception.answerHint')}
          style={{ marginBottom: 12 }}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={2000}
            placeholder={t('tickets:reception.answerPlaceholder')}
          />
        </Form.Item>
      )}
      {type === 'consultation' && (
        <div style={{ marginBottom: 12 }} data-testid={`solution-search-${index}`}>
          <SolutionSearch
            catalogueNodeId={catalogueItemId}
            ticketType="consultation"
            pageSize={3}
            onUse={(article) => form.setFieldValue(['tickets', name, 'answer'], article.body)}
          />
        </div>
      )}
      {!answered && (
        <Form.Item label={t('tickets:field.dispatch')} style={{ marginBottom: 12 }}>
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Form.Item name={[name, 'dispatchMode']} noStyle>
              <Select
                style={{ width: 200 }}
                options={[
                  { value: 'auto', label: t('tickets:reception.dispatchAuto') },
                  { value: 'none', label: t('tickets:reception.dispatchNone') },
                ]}
              />
            </Form.Item>
            {dispatchMode !== 'none' && <SuggestionLine {...suggestion} />}
          </Space>
        </Form.Item>
      )}
    </div>
  );
}
