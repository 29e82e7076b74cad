import { type CSSProperties, type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { floorText } from './shared';

export interface GridUnit {
  key: string;
  name: string;
}

export interface GridCell {
  key: string;
  unitKey: string;
  floor: number;
  number: string;
}

interface Props<T extends GridCell> {
  units: GridUnit[];
  cells: T[];
  renderCell: (cell: T) => ReactNode;
  cellWidth: number;
  cellHeight: number;
  /** The grid scrolls within this height; the unit header and floor labels stay in view. */
  maxHeight?: CSSProperties['maxHeight'];
  testId?: string;
}

const GAP = 6;
const UNIT_GAP = 20;
const FLOOR_WIDTH = 56;

/** 01 of 1201 on floor 12, so the same position lines up in one column on every floor. */
function slotOf(cell: GridCell): string {
  const prefix = floorText(cell.floor);
  return cell.number.startsWith(prefix) && cell.number.length > prefix.length
    ? cell.number.slice(prefix.length)
    : cell.number;
}

const compare = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/**
 * A building drawn as it stands: one row per floor (highest first, label on the left), units
 * side by side, and within a unit one column per room position (01, 02, …). A position missing
 * on some floor leaves a gap instead of shifting the rooms beside it.
 */
export function FloorGrid<T extends GridCell>({
  units,
  cells,
  renderCell,
  cellWidth,
  cellHeight,
  maxHeight,
  testId,
}: Props<T>) {
  const { t } = useTranslation();
  const layout = useMemo(() => {
    const unitList = [...units];
    for (const cell of cells) {
      if (!unitList.some((u) => u.key === cell.unitKey)) unitList.push({ key: cell.unitKey, name: cell.unitKey });
    }
    const slots = new Map<string, string[]>();
    const at = new Map<string, T>();
    const floors = new Set<number>();
    for (const cell of cells) {
      const slot = slotOf(cell);
      const list = slots.get(cell.unitKey) ?? [];
      if (!list.includes(slot)) list.push(slot);
      slots.set(cell.unitKey, list);
      at.set(`${cell.floor}|${cell.unitKey}|${slot}`, cell);
      floors.add(cell.floor);
    }
    for (const list of slots.values()) list.sort(compare);
    return {
      units: unitList.filter((u) => (slots.get(u.key) ?? []).length > 0),
      slots,
      at,
      floors: [...floors].sort((a, b) => b - a),
    };
  }, [units, cells]);

  const groupWidth = (unitKey: string) => {
    const n = layout.slots.get(unitKey)?.length ?? 0;
    return n * cellWidth + Math.max(0, n - 1) * GAP;
  };

  const stickyLeft: CSSProperties = {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    background: '#fff',
    flex: `0 0 ${FLOOR_WIDTH}px`,
    width: FLOOR_WIDTH,
  };

  return (
    <div style={{ overflow: 'auto', maxHeight, position: 'relative' }} data-testid={testId}>
      <div style={{ width: 'max-content', minWidth: '100%', paddingBottom: 4 }}>
        <div style={{ display: 'flex', position: 'sticky', top: 0, zIndex: 2, background: '#fff' }}>
          <div
            style={{
              ...stickyLeft,
              zIndex: 3,
              color: 'rgba(0,0,0,0.45)',
              fontSize: 12,
              lineHeight: '32px',
              borderBottom: '1px solid #f0f0f0',
            }}
          >
            {t('property:grid.floorHeader')}
          </div>
          {layout.units.map((u) => (
            <div
              key={u.key}
              style={{
                width: groupWidth(u.key),
                flex: `0 0 ${groupWidth(u.key)}px`,
                marginLeft: UNIT_GAP,
                textAlign: 'center',
                fontWeight: 600,
                lineHeight: '32px',
                borderBottom: '2px solid #d9d9d9',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
              }}
              title={u.name}
            >
              {u.name}
            </div>
          ))}
        </div>
        {layout.floors.map((floor) => (
          <div key={floor} style={{ display: 'flex', alignItems: 'stretch', marginTop: GAP }}>
            <div
              style={{
                ...stickyLeft,
                display: 'flex',
                alignItems: 'center',
                color: 'rgba(0,0,0,0.65)',
                fontSize: 13,
                fontWeight: 500,
                fontVariantNumeric: 'tabular-nums',
              }}
            >
              {t('property:grid.floorLabel', { floor: floorText(floor) })}
            </div>
            {layout.units.map((u) => (
              <div key={u.key} style={{ display: 'flex', gap: GAP, marginLeft: UNIT_GAP }}>
                {(layout.slots.get(u.key) ?? []).map((slot) => {
                  const cell = layout.at.get(`${floor}|${u.key}|${slot}`);
                  return cell ? (
                    <div key={slot} style={{ width: cellWidth, height: cellHeight, flex: `0 0 ${cellWidth}px` }}>
                      {renderCell(cell)}
                    </div>
                  ) : (
                    <div
                      key={slot}
                      style={{
                        width: cellWidth,
                        height: cellHeight,
                        flex: `0 0 ${cellWidth}px`,
                        borderRadius: 4,
                        border: '1px dashed #f0f0f0',
                      }}
                    />
                  );
                })}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
