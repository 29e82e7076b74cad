import { PhoneOutlined } from '@ant-design/icons';
import { Alert, List, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { type Warranty, WarrantyTag } from './shared';

function Period({ warranty }: { warranty: Warranty }) {
  const { t } = useTranslation();
  const period = warranty.warranty?.label ?? '';
  if (warranty.end) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('contractors:warranty.until')}{' '}
        <Typography.Text strong={warranty.inWarranty} type={warranty.inWarranty ? undefined : 'secondary'}>
          {warranty.end}
        </Typography.Text>
        {' · '}
        {t('contractors:warranty.period', { period, start: warranty.start })}
      </Typography.Text>
    );
  }
  return (
    <Tooltip title={t('contractors:warranty.noStartTip')}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('contractors:warranty.periodNoStart', { period })}
      </Typography.Text>
    </Tooltip>
  );
}

/**
 * 保修 in the room drawer: for each trade a contractor answers for, who it is and until when,
 * 在保 or 已过保; the trades nobody answers for go to the property company.
 */
export function RoomWarranties({ roomId, version }: { roomId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const { data, error, loading } = useQueryData(
    () => unwrap(api.GET('/api/rooms/{id}/warranties', { params: { path: { id: roomId } } })),
    [roomId, version],
  );
  const answer = data && data.roomId === roomId ? data : null;
  const covered = answer?.items.filter((i) => i.contractor) ?? [];
  const others = answer?.items.filter((i) => !i.contractor).map((i) => i.tradeLabel) ?? [];
  const separator = i18n.language === 'en-US' ? ', ' : '、';

  return (
    <div style={{ marginTop: 24 }} data-testid="room-warranties">
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 8 }}>
        {t('contractors:warranty.title')}
      </Typography.Title>
      {error && !answer ? (
        <Alert type="error" showIcon message={errorText(error)} />
      ) : !answer ? (
        loading && <Skeleton active paragraph={{ rows: 3 }} />
      ) : covered.length === 0 ? (
        <Typography.Text type="secondary">{t('contractors:warranty.none')}</Typography.Text>
      ) : (
        <>
          <List
            size="small"
            bordered
            dataSource={covered}
            renderItem={(w) => (
              <List.Item data-testid={`warranty-${w.trade}`} style={{ display: 'block' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
                  <Space size={6}>
                    <Typography.Text strong>{w.tradeLabel}</Typography.Text>
                    {w.basis === 'building' && (
                      <Tag bordered={false} style={{ marginInlineEnd: 0, fontSize: 12 }}>
                        {t('contractors:warranty.basisBuilding')}
                      </Tag>
                    )}
                  </Space>
                  {w.reason === 'not_started' ? (
                    <Tooltip title={t('contractors:warranty.notStartedTip', { date: w.start })}>
                      <span>
                        <WarrantyTag warranty={w} />
                      </span>
                    </Tooltip>
                  ) : (
                    <WarrantyTag warranty={w} />
                  )}
                </div>
                <div style={{ marginTop: 2 }}>
                  <Tooltip
                    title={[
                      w.contractor?.contactName &&
                        t('contractors:warranty.contact', {
                          name: w.contractor.contactName,
                          mobile: w.contractor.contactMobile ?? '',
                        }),
                      w.contractor?.phone && t('contractors:warranty.phone', { phone: w.contractor.phone }),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  >
                    <Typography.Text type={w.inWarranty ? undefined : 'secondary'}>
                      {w.contractor?.name}
                      {(w.contractor?.phone || w.contractor?.contactMobile) && (
                        <PhoneOutlined style={{ marginLeft: 6, color: 'rgba(0,0,0,0.35)' }} />
                      )}
                    </Typography.Text>
                  </Tooltip>
                </div>
                <Period warranty={w} />
              </List.Item>
            )}
          />
          {others.length > 0 && (
            <Tooltip title={others.join(separator)}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {t('contractors:warranty.others')}
              </Typography.Paragraph>
            </Tooltip>
          )}
        </>
      )}
    </div>
  );
}
