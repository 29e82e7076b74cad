import { SafetyCertificateOutlined, ThunderboltOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { errorText } from '../../../components/problem';
import type { TicketType } from '../shared';
import type { Suggestion } from '../types';

export interface SuggestionInput {
  projectId?: string;
  roomId?: string;
  type?: TicketType;
  catalogueItemId?: string;
}

/** Asks POST /api/dispatch/suggest whenever the project, room, type or item changes. */
export function useSuggestion(input: SuggestionInput) {
  const [state, setState] = useState<{ suggestion: Suggestion | null; error: string | null; loading: boolean }>({
    suggestion: null,
    error: null,
    loading: false,
  });
  const { projectId, roomId, type, catalogueItemId } = input;
  useEffect(() => {
    if (!projectId || !type) {
      setState({ suggestion: null, error: null, loading: false });
      return;
    }
    let stale = false;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(async () => {
      try {
        const data = await unwrap(
          api.POST('/api/dispatch/suggest', { body: { projectId, roomId, type, catalogueItemId } }),
        );
        if (!stale) setState({ suggestion: data, error: null, loading: false });
      } catch (e) {
        if (!stale) setState({ suggestion: null, error: errorText(e), loading: false });
      }
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [projectId, roomId, type, catalogueItemId]);
  return state;
}

/** One line under a ticket: who it will go to and why, e.g. 保修期内 · 派给承建商 …. */
export function SuggestionLine({ suggestion, loading, error }: ReturnType<typeof useSuggestion>) {
  const { t } = useTranslation();
  if (error) {
    return (
      <Typography.Text type="danger" data-testid="dispatch-suggestion">
        <WarningOutlined /> {error}
      </Typography.Text>
    );
  }
  if (!suggestion) {
    return loading ? <Spin size="small" /> : null;
  }
  const warranty = suggestion.method === 'warranty';
  return (
    <div data-testid="dispatch-suggestion" style={{ lineHeight: 1.8, opacity: loading ? 0.5 : 1 }}>
      <Space size={6} wrap>
        {suggestion.method ? (
          <Tag
            color={warranty ? 'green' : 'blue'}
            icon={warranty ? <SafetyCertificateOutlined /> : <ThunderboltOutlined />}
            style={{ marginInlineEnd: 0 }}
          >
            {t(`tickets:dispatchMethod.${suggestion.method}`)}
          </Tag>
        ) : (
          <Tag color="warning" style={{ marginInlineEnd: 0 }}>
            {t('tickets:reception.manualNeeded')}
          </Tag>
        )}
        {suggestion.handlerName && (
          <Typography.Text>
            {t(`tickets:reception.dispatchTo.${suggestion.handlerKind ?? 'user'}`)}{' '}
            <Typography.Text strong>{suggestion.handlerName}</Typography.Text>
          </Typography.Text>
        )}
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {suggestion.reason}
        </Typography.Text>
      </div>
    </div>
  );
}
