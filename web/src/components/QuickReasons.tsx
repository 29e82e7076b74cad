import { Space, Tag, Typography } from 'antd';

/** Under a reason box: a label and reasons to pick with one click, each filling in the box. */
export function QuickReasons({
  label,
  reasons,
  onPick,
}: {
  label: string;
  reasons: string[];
  onPick: (reason: string) => void;
}) {
  return (
    <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {reasons.map((reason) => (
        <Tag key={reason} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => onPick(reason)}>
          {reason}
        </Tag>
      ))}
    </Space>
  );
}
