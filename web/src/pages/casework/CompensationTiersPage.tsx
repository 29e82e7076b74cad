import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Card,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { useCompanies } from '../customers/shared';
import { fenFromYuan, yuan } from './shared';

interface EditTier {
  /** Yuan as typed; null on the last, open-ended tier. */
  max: number | null;
  roleCodes: string[];
}

/** The picker's value for the group's defaults (companyId null). */
const GROUP = '__group__';

/** The built-in roles an approval step usually names; others already in the tiers are kept. */
const usualRoles = ['supervisor', 'project_manager', 'service_head', 'leadership'];

/** 赔付审批档位: who approves a compensation, step by step, by amount. */
export default function CompensationTiersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useSession();
  const canEdit = can(access.configureTickets);
  const [reloads, setReloads] = useState(0);
  const [rows, setRows] = useState<EditTier[]>([]);
  const [saving, setSaving] = useState(false);
  // Whose tiers: undefined until picked (the server answers the caller's company, or the group's
  // defaults for all-data staff); then a company or the group.
  const [target, setTarget] = useState<string | undefined>(undefined);
  const companies = useCompanies();
  const { data, error, loading } = useQueryData(
    () =>
      unwrap(
        api.GET('/api/compensation-tiers', {
          params: { query: target && target !== GROUP ? { companyId: target } : {} },
        }),
      ),
    [reloads, target],
  );
  const allData = !!me?.scope.all;
  const targets = [...(allData ? [{ value: GROUP, label: t('casework:tiers.group') }] : []), ...companies.options];

  useEffect(() => {
    if (data) {
      setRows(
        data.tiers.map((x) => ({ max: x.maxAmountFen === null ? null : x.maxAmountFen / 100, roleCodes: x.roleCodes })),
      );
    }
  }, [data]);

  const names = new Map((data?.tiers ?? []).flatMap((x) => x.roles.map((r) => [r.code, r.name] as const)));
  const roleOptions = [...new Set([...usualRoles, ...names.keys()])].map((code) => ({
    value: code,
    label: names.get(code) ?? t(`casework:tiers.role.${code}`, { defaultValue: code }),
  }));

  const update = (i: number, patch: Partial<EditTier>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const put = async (tiers: { maxAmountFen: number | null; roleCodes: string[] }[]) => {
    setSaving(true);
    try {
      await unwrap(api.PUT('/api/compensation-tiers', { body: { companyId: data?.companyId ?? null, tiers } }));
      message.success(t('common:saved'));
      setReloads((n) => n + 1);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const save = () =>
    put(
      rows.map((r, i) => ({
        maxAmountFen: i === rows.length - 1 || r.max === null ? null : fenFromYuan(r.max),
        roleCodes: r.roleCodes,
      })),
    );

  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (loading && !data) return <Skeleton active />;
  // The group's defaults are changed with all data; a company's by someone whose scope is the company.
  const mayEdit =
    canEdit && !!me && (me.scope.all || (!!data?.companyId && me.scope.orgs.some((o) => o.id === data.companyId)));

  return (
    <PageContainer title={t('casework:tiers.pageTitle')} content={t('casework:tiers.subtitle')}>
      <Card
        title={
          <Space>
            {targets.length > 1 ? (
              <Select
                aria-label={t('casework:tiers.company')}
                data-testid="tiers-company"
                value={data ? (data.companyId ?? GROUP) : target}
                options={targets}
                onChange={(v) => setTarget(v)}
                style={{ minWidth: 200 }}
                loading={loading || companies.loading}
              />
            ) : (
              (data?.companyName ?? t('casework:tiers.group'))
            )}
            {data?.inherited && <Tag color="blue">{t('casework:tiers.inherited')}</Tag>}
          </Space>
        }
        extra={
          mayEdit && (
            <Space>
              {data?.companyId && !data.inherited && (
                <Popconfirm title={t('casework:tiers.revertConfirm')} onConfirm={() => put([])}>
                  <Button disabled={saving}>{t('casework:tiers.revert')}</Button>
                </Popconfirm>
              )}
              <Button type="primary" loading={saving} onClick={save}>
                {t('common:save')}
              </Button>
            </Space>
          )
        }
      >
        <Table<EditTier>
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: t('casework:tiers.tier'),
              key: 'n',
              width: 80,
              render: (_, __, i) => t('casework:tiers.tierN', { n: i + 1 }),
            },
            {
              title: t('casework:tiers.upTo'),
              key: 'max',
              width: 260,
              render: (_, r, i) => {
                const previous = i > 0 ? rows[i - 1]?.max : null;
                if (i === rows.length - 1) {
                  return (
                    <Typography.Text>
                      {previous != null
                        ? t('casework:tiers.above', { amount: yuan(fenFromYuan(previous)) })
                        : t('casework:tiers.any')}
                    </Typography.Text>
                  );
                }
                return mayEdit ? (
                  <InputNumber
                    prefix="≤ ¥"
                    min={0.01}
                    precision={2}
                    value={r.max}
                    onChange={(v) => update(i, { max: v })}
                    style={{ width: 200 }}
                  />
                ) : (
                  `≤ ${r.max === null ? '' : yuan(fenFromYuan(r.max))}`
                );
              },
            },
            {
              title: t('casework:tiers.chain'),
              key: 'roles',
              render: (_, r, i) =>
                mayEdit ? (
                  <Select
                    mode="multiple"
                    value={r.roleCodes}
                    options={roleOptions}
                    onChange={(v) => update(i, { roleCodes: v })}
                    style={{ minWidth: 360 }}
                  />
                ) : (
                  r.roleCodes.map((c) => names.get(c) ?? c).join(' → ')
                ),
            },
            ...(mayEdit
              ? [
                  {
                    key: 'remove',
                    width: 60,
                    render: (_: unknown, __: EditTier, i: number) =>
                      rows.length > 1 && (
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common:delete')}
                          onClick={() => setRows(rows.filter((_r, j) => j !== i))}
                        />
                      ),
                  },
                ]
              : []),
          ]}
        />
        {mayEdit && (
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 12 }}
            onClick={() => {
              const last = rows[rows.length - 1];
              const before = rows.slice(0, -1);
              const top = before[before.length - 1]?.max ?? 0;
              setRows([
                ...before,
                { max: (top || 0) + 1000, roleCodes: last?.roleCodes ?? ['supervisor'] },
                ...(last ? [last] : []),
              ]);
            }}
          >
            {t('casework:tiers.addTier')}
          </Button>
        )}
        <Alert type="info" showIcon style={{ marginTop: 16 }} message={t('casework:tiers.hint')} />
      </Card>
    </PageContainer>
  );
}
