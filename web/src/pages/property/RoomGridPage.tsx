import { ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Button, Empty, Result, Segmented, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ProjectSelect } from '../../components/ProjectSelect';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { FloorGrid, type GridCell } from './FloorGrid';
import { RoomDrawer } from './RoomDrawer';
import { RoomForm } from './RoomForm';
import {
  formatArea,
  type Room,
  type RoomGridData,
  type RoomStatus,
  roomStatuses,
  statusColors,
  useBuildings,
  uuidParam,
} from './shared';

type GridRoom = RoomGridData['floors'][number]['rooms'][number];
type Cell = GridCell & { room: GridRoom };

const NO_UNIT = '-';

/** The legend: a swatch, the status and its count; clicking one picks out the rooms in that status. */
function Legend({
  counts,
  highlight,
  onToggle,
}: {
  counts: Record<string, number>;
  highlight: RoomStatus | null;
  onToggle: (status: RoomStatus) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space size={6} wrap data-testid="grid-legend">
      {roomStatuses.map((s) => {
        const c = statusColors[s];
        const active = highlight === s;
        return (
          <Tooltip key={s} title={active ? t('property:grid.legendShowAll') : t('property:grid.legendPick')}>
            <button
              type="button"
              onClick={() => onToggle(s)}
              style={{
                display: 'inline-flex',
                alignItems: 'center',
                gap: 6,
                padding: '2px 10px',
                borderRadius: 12,
                border: `1px solid ${active ? c.solid : '#f0f0f0'}`,
                background: active ? c.fill : '#fff',
                cursor: 'pointer',
                opacity: highlight && !active ? 0.55 : 1,
                fontSize: 13,
                lineHeight: '22px',
              }}
            >
              <span style={{ width: 10, height: 10, borderRadius: 2, background: c.solid, display: 'inline-block' }} />
              <span>{t(`property:status.${s}`)}</span>
              <span style={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>{counts[s] ?? 0}</span>
            </button>
          </Tooltip>
        );
      })}
    </Space>
  );
}

function Tile({
  room,
  dimmed,
  onOpen,
  unitName,
}: {
  room: GridRoom;
  dimmed: boolean;
  onOpen: () => void;
  unitName: string;
}) {
  const { t } = useTranslation();
  const c = statusColors[room.status];
  const status = t(`property:status.${room.status}`);
  const area = room.grossArea === null ? '' : `${formatArea(room.grossArea)}㎡`;
  const tip = (
    <div>
      <div style={{ fontWeight: 600 }}>{room.code}</div>
      <div>
        {[unitName, status, room.type === 'residence' ? '' : t(`property:type.${room.type}`), area]
          .filter(Boolean)
          .join(' · ')}
      </div>
    </div>
  );
  return (
    <Tooltip title={tip} mouseEnterDelay={0.4}>
      <button
        type="button"
        onClick={onOpen}
        aria-label={`${room.code} ${status}`}
        data-testid={`room-tile-${room.code}`}
        style={{
          width: '100%',
          height: '100%',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'center',
          padding: '0 8px 0 9px',
          textAlign: 'left',
          background: c.fill,
          border: `1px solid ${c.border}`,
          borderLeft: `4px solid ${c.solid}`,
          borderRadius: 4,
          cursor: 'pointer',
          opacity: dimmed ? 0.22 : 1,
          transition: 'opacity 0.2s, box-shadow 0.2s',
          overflow: 'hidden',
        }}
        onMouseEnter={(e) => {
          e.currentTarget.style.boxShadow = '0 2px 8px rgba(0,0,0,0.15)';
        }}
        onMouseLeave={(e) => {
          e.currentTarget.style.boxShadow = 'none';
        }}
      >
        <span style={{ fontWeight: 600, fontSize: 14, lineHeight: '18px', color: '#1f1f1f' }}>{room.number}</span>
        <span style={{ fontSize: 12, lineHeight: '16px', color: c.text, whiteSpace: 'nowrap' }}>{area || status}</span>
      </button>
    </Tooltip>
  );
}

export default function RoomGridPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can(access.manageProperty);
  const [searchParams, setSearchParams] = useSearchParams();
  const [projectId, setProjectId] = useState(() => uuidParam(searchParams.get('projectId')));
  const [buildingId, setBuildingId] = useState(() => uuidParam(searchParams.get('buildingId')));
  const [highlight, setHighlight] = useState<RoomStatus | null>(null);
  // A link from elsewhere (a customer's rooms) may name the room to open.
  const [openRoomId, setOpenRoomId] = useState<string | null>(() => uuidParam(searchParams.get('roomId')) ?? null);
  const [editing, setEditing] = useState<Room | null>(null);
  const [version, setVersion] = useState(0);

  // Without a project in the link, start with the first one in scope.
  const projects = useQueryData(
    () => unwrap(api.GET('/api/projects', { params: { query: { pageSize: 200, current: 1 } } })),
    [],
  );
  useEffect(() => {
    const first = projects.data?.data[0];
    if (!projectId && first) setProjectId(first.id);
  }, [projects.data, projectId]);

  const buildings = useBuildings(projectId);
  const buildingList = buildings.data ?? [];
  const current = buildingList.find((b) => b.id === buildingId);
  useEffect(() => {
    if (buildings.loading || !buildings.data) return;
    if (!buildings.data.some((b) => b.id === buildingId)) setBuildingId(buildings.data[0]?.id);
  }, [buildings.data, buildings.loading, buildingId]);

  // Keep the choice in the address so a reload or a shared link opens the same building.
  useEffect(() => {
    if (!projectId) return;
    const next: Record<string, string> = { projectId };
    if (buildingId) next.buildingId = buildingId;
    if (searchParams.get('projectId') !== projectId || (searchParams.get('buildingId') ?? undefined) !== buildingId) {
      setSearchParams(next, { replace: true });
    }
  }, [projectId, buildingId, searchParams, setSearchParams]);

  const grid = useQueryData(
    async () =>
      current ? unwrap(api.GET('/api/buildings/{id}/grid', { params: { path: { id: current.id } } })) : null,
    [current?.id, version],
  );
  const data = grid.data && grid.data.building.id === current?.id ? grid.data : null;

  const { units, cells, unitNames, total } = useMemo(() => {
    if (!data) return { units: [], cells: [] as Cell[], unitNames: new Map<string, string>(), total: 0 };
    const unitList = data.units.map((u) => ({
      key: u.id ?? NO_UNIT,
      name: u.id ? u.name : t('property:grid.noUnit'),
    }));
    const cellList: Cell[] = data.floors.flatMap((f) =>
      f.rooms.map((r) => ({ key: r.id, unitKey: r.unitId ?? NO_UNIT, floor: f.floor, number: r.number, room: r })),
    );
    return {
      units: unitList,
      cells: cellList,
      unitNames: new Map(unitList.map((u) => [u.key, u.name])),
      total: cellList.length,
    };
  }, [data, t]);

  const floorCount = data?.floors.length ?? 0;

  let body: React.ReactNode;
  if (projects.data && projects.data.data.length === 0) {
    body = <Empty description={t('property:grid.noProject')} />;
  } else if (buildings.error) {
    body = <Result status="error" subTitle={errorText(buildings.error)} />;
  } else if (projectId && buildings.data && buildingList.length === 0) {
    body = (
      <Empty description={t('property:grid.noBuilding')}>
        {can(access.manageProperty) && (
          <Link to="/property/generation">
            <Button type="primary">{t('property:grid.goGenerate')}</Button>
          </Link>
        )}
      </Empty>
    );
  } else if (grid.error && !data) {
    body = <Result status="error" subTitle={errorText(grid.error)} />;
  } else if (!data) {
    body = <Spin style={{ display: 'block', margin: '96px auto' }} />;
  } else if (total === 0) {
    body = <Empty description={t('property:grid.noRooms')} />;
  } else {
    body = (
      <FloorGrid<Cell>
        testId="room-grid"
        units={units}
        cells={cells}
        cellWidth={104}
        cellHeight={44}
        maxHeight="max(320px, calc(100vh - 400px))"
        renderCell={(cell) => (
          <Tile
            room={cell.room}
            unitName={unitNames.get(cell.unitKey) ?? ''}
            dimmed={!!highlight && cell.room.status !== highlight}
            onOpen={() => setOpenRoomId(cell.room.id)}
          />
        )}
      />
    );
  }

  return (
    <PageContainer title={t('property:grid.title')} content={t('property:grid.subtitle')}>
      <ProCard bodyStyle={{ padding: '12px 24px' }} style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 24, flexWrap: 'wrap' }}>
          <Space size={8}>
            <Typography.Text type="secondary">{t('property:field.project')}</Typography.Text>
            <ProjectSelect
              allowClear={false}
              style={{ width: 240 }}
              value={projectId}
              onChange={(value: string) => {
                setProjectId(value);
                setBuildingId(undefined);
                setHighlight(null);
              }}
              data-testid="grid-project"
            />
          </Space>
          <Space size={8} style={{ minWidth: 0, flex: 1 }}>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {t('property:field.building')}
            </Typography.Text>
            {buildingList.length > 0 ? (
              <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
                <Segmented
                  value={current?.id}
                  onChange={(value) => {
                    setBuildingId(value as string);
                    setHighlight(null);
                  }}
                  options={buildingList.map((b) => ({
                    value: b.id,
                    label: (
                      <span
                        data-testid={`building-${b.code}`}
                        title={t('property:grid.buildingRooms', { count: b.roomCount })}
                      >
                        {b.name}
                        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                          {b.roomCount}
                        </Typography.Text>
                      </span>
                    ),
                  }))}
                />
              </div>
            ) : (
              <Typography.Text type="secondary">{buildings.loading && projectId ? '…' : '-'}</Typography.Text>
            )}
          </Space>
        </div>
      </ProCard>
      <ProCard
        title={
          data ? (
            <Space size={12} align="baseline">
              <span>
                {data.building.projectName} · {data.building.name}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
                {t('property:grid.summary', { rooms: total, floors: floorCount, units: units.length })}
              </Typography.Text>
            </Space>
          ) : (
            t('property:grid.cardTitle')
          )
        }
        extra={
          data ? (
            <Space size={12}>
              <Legend
                counts={data.statusCounts}
                highlight={highlight}
                onToggle={(s) => setHighlight((prev) => (prev === s ? null : s))}
              />
              <Tooltip title={t('property:grid.reload')}>
                <Button
                  type="text"
                  icon={<ReloadOutlined />}
                  loading={grid.loading}
                  onClick={() => void grid.reload()}
                />
              </Tooltip>
              <Tooltip title={t('property:grid.openList')}>
                <Link to={`/property/rooms?projectId=${data.building.projectId}&buildingId=${data.building.id}`}>
                  <Button type="text" icon={<UnorderedListOutlined />} />
                </Link>
              </Tooltip>
            </Space>
          ) : null
        }
        headerBordered
        bodyStyle={{ paddingTop: 12 }}
      >
        {body}
      </ProCard>
      <RoomDrawer
        roomId={openRoomId}
        canManage={canManage}
        version={version}
        onClose={() => setOpenRoomId(null)}
        onEdit={(room) => setEditing(room)}
        onChanged={() => void grid.reload()}
      />
      {canManage && (
        <RoomForm
          room={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </PageContainer>
  );
}
