import { Card, Col, Descriptions, Empty, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditEntry, entityTypeLabel } from './labels';

const mono: React.CSSProperties = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 12,
  lineHeight: 1.6,
  margin: 0,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

/**
 * Pretty-printed JSON. For objects, the top-level fields whose value differs from the other side
 * are marked, so a change reads at a glance.
 */
function JsonBlock({ value, other, tone }: { value: unknown; other: unknown; tone: 'before' | 'after' }) {
  if (value === null || value === undefined) return null;
  if (!isRecord(value)) return <pre style={mono}>{JSON.stringify(value, null, 2)}</pre>;
  const otherRecord = isRecord(other) ? other : undefined;
  const keys = Object.keys(value);
  const mark = tone === 'before' ? '#fff1f0' : '#f6ffed';
  const lines: ReactNode[] = keys.map((key, i) => {
    const changed = otherRecord !== undefined && JSON.stringify(value[key]) !== JSON.stringify(otherRecord[key]);
    return (
      <div key={key} style={changed ? { background: mark, margin: '0 -8px', padding: '0 8px' } : undefined}>
        {`  ${JSON.stringify(key)}: ${indent(JSON.stringify(value[key], null, 2) ?? 'null')}${i < keys.length - 1 ? ',' : ''}`}
      </div>
    );
  });
  return (
    <pre style={mono}>
      {'{'}
      {lines}
      {'}'}
    </pre>
  );
}

/** The expanded row of 审计日志: identifiers and the before/after snapshots side by side. */
export function AuditDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const empty = entry.before == null && entry.after == null;
  const side = (title: string, value: unknown, other: unknown, tone: 'before' | 'after') => (
    <Card
      size="small"
      title={title}
      styles={{ body: { maxHeight: 360, overflow: 'auto', background: '#fafafa' } }}
      data-testid={`audit-${tone}`}
    >
      {value == null ? (
        <Typography.Text type="secondary">{t('audit:detail.none')}</Typography.Text>
      ) : (
        <JsonBlock value={value} other={other} tone={tone} />
      )}
    </Card>
  );

  return (
    <div style={{ padding: '4px 8px 8px' }}>
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('audit:detail.seq')}>{entry.seq}</Descriptions.Item>
        <Descriptions.Item label={t('audit:detail.entityType')}>
          {entityTypeLabel(t, entry.entityType)}
          <Typography.Text type="secondary" style={{ marginLeft: 4 }}>
            ({entry.entityType})
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit:detail.entityId')}>
          {entry.entityId ? (
            <Typography.Text copyable style={mono}>
              {entry.entityId}
            </Typography.Text>
          ) : (
            '-'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit:detail.requestId')}>
          {entry.requestId ? (
            <Typography.Text copyable style={mono}>
              {entry.requestId}
            </Typography.Text>
          ) : (
            '-'
          )}
        </Descriptions.Item>
      </Descriptions>
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit:detail.noChanges')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            {side(t('audit:detail.before'), entry.before, entry.after, 'before')}
          </Col>
          <Col xs={24} lg={12}>
            {side(t('audit:detail.after'), entry.after, entry.before, 'after')}
          </Col>
        </Row>
      )}
    </div>
  );
}
