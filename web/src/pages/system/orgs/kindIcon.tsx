import { ApartmentOutlined, BankOutlined, ClusterOutlined, HomeOutlined } from '@ant-design/icons';
import type { CSSProperties } from 'react';
import type { OrgKind } from './tree';

const colors: Record<OrgKind, string> = {
  group: '#722ed1',
  company: '#1677ff',
  project_office: '#13a8a8',
  department: '#8c8c8c',
};

/** One icon per kind of organisation node, coloured so the levels read at a glance. */
export function KindIcon({ kind, style }: { kind: OrgKind; style?: CSSProperties }) {
  const s = { color: colors[kind], ...style };
  if (kind === 'group') return <ClusterOutlined style={s} />;
  if (kind === 'company') return <BankOutlined style={s} />;
  if (kind === 'project_office') return <HomeOutlined style={s} />;
  return <ApartmentOutlined style={s} />;
}

export const kindColors = colors;
