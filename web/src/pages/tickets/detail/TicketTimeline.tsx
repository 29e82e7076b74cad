import {
  AlertOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  FileTextOutlined,
  MergeCellsOutlined,
  MessageOutlined,
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  PlusCircleOutlined,
  RedoOutlined,
  RiseOutlined,
  SendOutlined,
  SwapOutlined,
  TagsOutlined,
  ToolOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Image, Rate, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime, type TicketState } from '../shared';
import type { Attachment, TicketEvent } from '../types';

const icons: Record<TicketEvent['kind'], { icon: ReactNode; color: string }> = {
  created: { icon: <PlusCircleOutlined />, color: 'blue' },
  dispatched: { icon: <SendOutlined />, color: 'blue' },
  reassigned: { icon: <SwapOutlined />, color: 'orange' },
  accepted: { icon: <CheckOutlined />, color: 'cyan' },
  progress: { icon: <ToolOutlined />, color: 'blue' },
  note: { icon: <MessageOutlined />, color: 'gray' },
  paused: { icon: <PauseCircleOutlined />, color: 'purple' },
  resumed: { icon: <PlayCircleOutlined />, color: 'purple' },
  reclassified: { icon: <TagsOutlined />, color: 'orange' },
  deadline_recomputed: { icon: <ClockCircleOutlined />, color: 'gray' },
  sla_warning: { icon: <WarningOutlined />, color: 'orange' },
  overdue: { icon: <AlertOutlined />, color: 'red' },
  escalated: { icon: <RiseOutlined />, color: 'red' },
  instruction: { icon: <EditOutlined />, color: 'red' },
  resolved: { icon: <CheckCircleOutlined />, color: 'green' },
  visited: { icon: <PhoneOutlined />, color: 'green' },
  reopened: { icon: <RedoOutlined />, color: 'magenta' },
  closed: { icon: <CheckCircleOutlined />, color: 'gray' },
  cancelled: { icon: <CloseCircleOutlined />, color: 'gray' },
  merged: { icon: <MergeCellsOutlined />, color: 'gray' },
  topic_linked: { icon: <FileTextOutlined />, color: 'gray' },
};

function Attachments({ items }: { items: Attachment[] }) {
  const { t } = useTranslation();
  const images = items.filter((a) => a.kind === 'image');
  const videos = items.filter((a) => a.kind === 'video');
  return (
    <div style={{ marginTop: 8 }}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space size={8} wrap>
            {images.map((a) => (
              <Image
                key={a.id}
                src={a.url}
                alt={a.fileName}
                width={72}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }}
                data-testid="timeline-photo"
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {videos.map((a) => (
        <div key={a.id} style={{ marginTop: 8 }}>
          {/* biome-ignore lint/a11y/useMediaCaption: site videos of a repair have no captions */}
          <video src={a.url} controls preload="metadata" style={{ maxWidth: 320, borderRadius: 6 }} />
          <div>
            <Typography.Link href={a.url} target="_blank" style={{ fontSize: 12 }}>
              {t('tickets:timeline.video', { name: a.fileName })}
            </Typography.Link>
          </div>
        </div>
      ))}
    </div>
  );
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** What an event's data adds under its title: the handler and why, the level, the rating. */
function Details({ event }: { event: TicketEvent }) {
  const { t } = useTranslation();
  const data = event.data as Record<string, unknown>;
  const lines: ReactNode[] = [];
  const handler = text(data.handlerName) ?? text(data.afterName) ?? text((data.after as Record<string, unknown>)?.name);
  if (handler) lines.push(t('tickets:timeline.handler', { name: handler }));
  const reason = text(data.reason);
  if (reason && reason !== event.body) lines.push(reason);
  const levelName = text(data.levelName);
  if (levelName) lines.push(t('tickets:timeline.level', { level: data.level, name: levelName }));
  const satisfaction = typeof data.satisfaction === 'number' ? data.satisfaction : null;
  return (
    <>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one event, in order
        <div key={i}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {line}
          </Typography.Text>
        </div>
      ))}
      {satisfaction !== null && <Rate disabled value={satisfaction} style={{ fontSize: 14 }} />}
      {data.reached === false && (
        <div>
          <Typography.Text type="warning">{t('tickets:visit.unreached')}</Typography.Text>
        </div>
      )}
    </>
  );
}

/** The ticket's story: every event with who and when, newest first. */
export function TicketTimeline({ events }: { events: TicketEvent[] }) {
  const { t } = useTranslation();
  const ordered = [...events].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <Timeline
      data-testid="ticket-timeline"
      items={ordered.map((event) => {
        const look = icons[event.kind] ?? { icon: <FileTextOutlined />, color: 'gray' };
        return {
          key: event.id,
          color: look.color,
          dot: <span style={{ fontSize: 16 }}>{look.icon}</span>,
          children: (
            <div data-testid={`event-${event.kind}`}>
              <Space size={8} wrap>
                <Typography.Text strong>{t(`tickets:event.${event.kind}`)}</Typography.Text>
                {event.fromState && event.toState && event.fromState !== event.toState && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`tickets:state.${event.fromState as TicketState}`)} →{' '}
                    {t(`tickets:state.${event.toState as TicketState}`)}
                  </Typography.Text>
                )}
                {(event.kind === 'progress' || event.kind === 'note') &&
                  (event.visibility === 'customer' ? (
                    <Tag color="green" bordered={false} icon={<EyeOutlined />}>
                      {t('tickets:timeline.customerVisible')}
                    </Tag>
                  ) : (
                    <Tag bordered={false} icon={<EyeInvisibleOutlined />}>
                      {t('tickets:timeline.internal')}
                    </Tag>
                  ))}
              </Space>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {event.actorName ?? t('tickets:timeline.system')} · {formatTime(event.occurredAt)}
                </Typography.Text>
              </div>
              {event.body && (
                <Typography.Paragraph style={{ marginTop: 4, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                  {event.body}
                </Typography.Paragraph>
              )}
              <Details event={event} />
              {event.attachments.length > 0 && <Attachments items={event.attachments} />}
            </div>
          ),
        };
      })}
    />
  );
}
