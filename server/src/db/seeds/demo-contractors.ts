import { and, eq } from 'drizzle-orm';
import { contractor, contractorScope } from '../../modules/contractor/contractor.table.js';
import type { WarrantyUnit } from '../../modules/contractor/warranty.js';
import { building } from '../../modules/property/property.table.js';
import type { AuditRecorder } from '../../platform/audit.js';
import { usccCheckChar } from '../../platform/identity.js';
import type { Tx } from '../client.js';

/** A credit code with a correct GB 32100 check character (the demo's are invented). */
function uscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

interface ScopeSeed {
  project: string;
  /** A building code of the project; omitted: the whole project. */
  building?: string;
  trades: string[];
  /** Months, unless `seasons`; omitted: the statutory minimum of each trade. */
  months?: number;
  seasons?: number;
  startDate?: string;
}

interface ContractorSeed {
  company: 'sh' | 'hz';
  code: string;
  name: string;
  uscc: string;
  contactName: string;
  contactMobile: string;
  phone: string;
  notes?: string;
  active?: boolean;
  scopes: ScopeSeed[];
}

const minimumMonths: Record<string, number> = {
  structure: 600,
  roof_waterproofing: 60,
  wet_room_waterproofing: 60,
  electrical: 24,
  plumbing: 24,
  equipment: 24,
  decoration: 24,
};

/**
 * Builders and installers of the demo projects. 邻里花园 (delivered 2023-06-30) is still under its
 * waterproofing and structure warranties but past its two-year ones; 滨江壹号 (2026-09-30) is under
 * all of them; 春申苑 (2015-12-20) only under the structure's.
 */
const seeds: ContractorSeed[] = [
  {
    company: 'sh',
    code: 'CJS0001',
    name: '中建八局第三建设有限公司',
    uscc: uscc('91320100134895263'),
    contactName: '王建军',
    contactMobile: '13951700281',
    phone: '025-8456-7000',
    notes: '邻里花园总承包单位，负责主体结构及防水工程保修',
    scopes: [{ project: 'llhy', trades: ['structure', 'roof_waterproofing', 'wet_room_waterproofing'] }],
  },
  {
    company: 'sh',
    code: 'CJS0002',
    name: '上海东方雨虹防水工程有限公司',
    uscc: uscc('91310114MA1GT3Q28'),
    contactName: '陈立新',
    contactMobile: '13817265590',
    phone: '400-650-8866',
    notes: '邻里花园3栋屋面防水翻新（2023年），质保8年；滨江壹号1号楼卫生间、外墙防渗漏分包',
    scopes: [
      { project: 'llhy', building: '3', trades: ['roof_waterproofing'], months: 96 },
      { project: 'bjyh', building: '1', trades: ['wet_room_waterproofing'], months: 120 },
    ],
  },
  {
    company: 'sh',
    code: 'CJS0003',
    name: '上海市安装工程集团有限公司',
    uscc: uscc('91310000132210745'),
    contactName: '刘志刚',
    contactMobile: '13901827734',
    phone: '021-6358-2200',
    notes: '电气、设备安装及地暖系统',
    scopes: [
      { project: 'llhy', trades: ['electrical', 'equipment'] },
      { project: 'llhy', trades: ['heating'], seasons: 2 },
      { project: 'bjyh', trades: ['electrical', 'equipment'] },
    ],
  },
  {
    company: 'sh',
    code: 'CJS0004',
    name: '上海浦兴给排水安装工程有限公司',
    uscc: uscc('91310115631475928'),
    contactName: '周海波',
    contactMobile: '13761094452',
    phone: '021-5087-3310',
    scopes: [
      { project: 'llhy', trades: ['plumbing'] },
      { project: 'bjyh', trades: ['plumbing'] },
      { project: 'csy', trades: ['plumbing'] },
    ],
  },
  {
    company: 'sh',
    code: 'CJS0005',
    name: '苏州金螳螂建筑装饰股份有限公司',
    uscc: uscc('91320500608291457'),
    contactName: '沈佳怡',
    contactMobile: '13862128847',
    phone: '0512-6825-9000',
    notes: '滨江壹号精装修，门窗五金随精装修保修3年',
    scopes: [
      { project: 'bjyh', trades: ['decoration'] },
      { project: 'bjyh', trades: ['doors_windows'], months: 36 },
    ],
  },
  {
    company: 'sh',
    code: 'CJS0006',
    name: '上海建工四建集团有限公司',
    uscc: uscc('91310000132234518'),
    contactName: '黄国平',
    contactMobile: '13621776025',
    phone: '021-6428-1188',
    notes: '滨江壹号、春申苑总承包单位',
    scopes: [
      { project: 'bjyh', trades: ['structure', 'roof_waterproofing', 'wet_room_waterproofing'] },
      { project: 'bjyh', trades: ['heating'], seasons: 2 },
      { project: 'csy', trades: ['structure', 'roof_waterproofing', 'wet_room_waterproofing'] },
    ],
  },
  {
    company: 'sh',
    code: 'CJS0007',
    name: '上海申美门窗有限公司',
    uscc: uscc('91310117703124586'),
    contactName: '吴晓东',
    contactMobile: '13585632270',
    phone: '021-5774-6021',
    notes: '2024年起停止合作，售后由邻里花园工程部承接',
    active: false,
    scopes: [{ project: 'llhy', trades: ['doors_windows'], months: 24 }],
  },
  {
    company: 'hz',
    code: 'CJS0001',
    name: '浙江省建工集团有限责任公司',
    uscc: uscc('91330000142913376'),
    contactName: '俞建明',
    contactMobile: '13757126630',
    phone: '0571-8702-3000',
    notes: '西溪云庐总承包单位',
    scopes: [
      {
        project: 'xxyl',
        trades: ['structure', 'roof_waterproofing', 'wet_room_waterproofing', 'electrical', 'plumbing'],
      },
    ],
  },
];

/** Contractors and their scopes for the demo companies, created as an administrator would. */
export async function seedDemoContractors(
  tx: Tx,
  audit: AuditRecorder,
  companies: Record<'sh' | 'hz', { id: string; path: string }>,
  projects: Map<string, string>,
): Promise<void> {
  for (const seed of seeds) {
    const company = companies[seed.company];
    const [row] = await tx
      .insert(contractor)
      .values({
        companyId: company.id,
        orgPath: company.path,
        code: seed.code,
        name: seed.name,
        uscc: seed.uscc,
        contactName: seed.contactName,
        contactMobile: seed.contactMobile,
        phone: seed.phone,
        notes: seed.notes ?? null,
        active: seed.active ?? true,
      })
      .returning();
    if (!row) throw new Error('demo seed: insert contractor returned nothing');
    for (const s of seed.scopes) {
      const projectId = projects.get(s.project);
      if (!projectId) throw new Error(`demo seed: project ${s.project} missing`);
      let buildingId: string | null = null;
      if (s.building) {
        const [b] = await tx
          .select({ id: building.id })
          .from(building)
          .where(and(eq(building.projectId, projectId), eq(building.code, s.building)));
        if (!b) throw new Error(`demo seed: building ${s.project}/${s.building} missing`);
        buildingId = b.id;
      }
      for (const trade of s.trades) {
        const unit: WarrantyUnit = s.seasons ? 'heating_seasons' : 'months';
        const value = s.seasons ?? s.months ?? minimumMonths[trade];
        if (!value) throw new Error(`demo seed: no warranty for ${trade}`);
        await tx.insert(contractorScope).values({
          contractorId: row.id,
          projectId,
          buildingId,
          trade,
          warrantyUnit: unit,
          warrantyValue: value,
          startDate: s.startDate ?? null,
        });
      }
    }
    audit.record({
      action: 'contractor.create',
      entityType: 'contractor',
      entityId: row.id,
      orgPath: row.orgPath,
      summary: `演示数据：承建商「${row.name}」及其施工范围`,
    });
  }
}
