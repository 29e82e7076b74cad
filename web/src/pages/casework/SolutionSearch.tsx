import { BookOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import type { Solution, TicketType } from './shared';

export interface SolutionSearchProps {
  /** The catalogue item (or category) being recorded: its articles come first. */
  catalogueNodeId?: string;
  /** Only articles for this ticket type (and those for every type). */
  ticketType?: TicketType;
  /** The ticket the answer is for, counted with the use. */
  ticketId?: string;
  /** Called with the article after its use is counted: put its body into the answer. */
  onUse: (article: { id: string; title: string; body: string }) => void;
  /** Text to search at first (the caller's question, say). */
  initialQuery?: string;
  autoFocus?: boolean;
  /** Rows shown at once (default 5). */
  pageSize?: number;
}

/**
 * 解决方案库 search for the reception screen: a search box (title, pinyin initials such as mjkbb,
 * keywords), the matching answers with the ones for the current catalogue item first, and a
 * “使用此答复” button per answer that counts the use and hands the body to the caller.
 */
export function SolutionSearch({
  catalogueNodeId,
  ticketType,
  ticketId,
  onUse,
  initialQuery = '',
  autoFocus,
  pageSize = 5,
}: SolutionSearchProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery);
  const [rows, setRows] = useState<Solution[]>([]);
  const [loading, setLoading] = useState(false);
  const [using, setUsing] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  // Typing settles for a moment before the search runs.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    unwrap(
      api.GET('/api/solutions', {
        params: {
          query: {
            q: query || undefined,
            catalogueNodeId,
            type: ticketType,
            active: 'true',
            current: 1,
            pageSize,
          },
        },
      }),
    )
      .then((page) => !cancelled && setRows(page.data))
      .catch((e) => !cancelled && message.error(errorText(e)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [query, catalogueNodeId, ticketType, pageSize, message]);

  const use = async (article: Solution) => {
    setUsing(article.id);
    try {
      await unwrap(
        api.POST('/api/solutions/{id}/use', {
          params: { path: { id: article.id } },
          body: ticketId ? { ticketId } : {},
        }),
      );
      onUse({ id: article.id, title: article.title, body: article.body });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setUsing(null);
    }
  };

  return (
    <div data-testid="solution-search">
      <Input
        allowClear
        autoFocus={autoFocus}
        prefix={<SearchOutlined />}
        placeholder={t('casework:solution.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <List
        size="small"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casework:solution.none')} /> }}
        renderItem={(article) => (
          <List.Item
            key={article.id}
            actions={[
              <Button
                key="use"
                size="small"
                type="primary"
                ghost
                loading={using === article.id}
                onClick={() => use(article)}
              >
                {t('casework:solution.useAnswer')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              avatar={<BookOutlined style={{ color: '#1677ff', marginTop: 4 }} />}
              title={
                <Space size={6} wrap>
                  <Typography.Link onClick={() => setOpen(open === article.id ? null : article.id)}>
                    {article.title}
                  </Typography.Link>
                  {article.matchesNode && (
                    <Tag color="green" bordered={false}>
                      {t('casework:solution.matchesNode')}
                    </Tag>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('casework:solution.usedTimes', { count: article.usageCount })}
                  </Typography.Text>
                </Space>
              }
              description={
                <Typography.Paragraph
                  style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
                  ellipsis={open === article.id ? false : { rows: 2 }}
                >
                  {article.body}
                </Typography.Paragraph>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}
