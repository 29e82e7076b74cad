import { z } from 'zod';
import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, pageOf, type RouteModule } from '../../platform/routes.js';
import { roomBillingTarget } from '../customer/occupancy.service.js';
import {
  buildingBody,
  buildingDto,
  buildingListQuery,
  buildingUpdateBody,
  generationBody,
  generationPreview,
  generationResult,
  roomDetailDto,
  roomDto,
  roomExportQuery,
  roomGrid,
  roomListQuery,
  roomUpdateBody,
} from './property.schema.js';
import {
  applyGeneration,
  roomGrid as buildRoomGrid,
  createBuilding,
  deleteBuilding,
  exportRooms,
  getRoom,
  listBuildings,
  listRooms,
  previewGeneration,
  updateBuilding,
  updateRoom,
} from './property.service.js';
import type { RoomStatus, RoomType } from './property.table.js';

const typeLabels: Record<RoomType, [string, string]> = {
  residence: ['住宅', 'Residence'],
  shop: ['商铺', 'Shop'],
  office: ['写字楼', 'Office'],
  parking: ['车位', 'Parking space'],
  storage: ['储藏室', 'Storage'],
};
const statusLabels: Record<RoomStatus, [string, string]> = {
  unsold: ['未售', 'Unsold'],
  sold: ['已售', 'Sold'],
  delivered: ['已交付', 'Delivered'],
  occupied: ['已入住', 'Occupied'],
  vacant: ['空置', 'Vacant'],
  decorating: ['装修中', 'Decorating'],
};

export const propertyRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/buildings',
    {
      config: { permission: 'property.read' },
      schema: {
        tags: ['property'],
        summary: '项目的楼栋与单元',
        querystring: buildingListQuery,
        response: { 200: z.array(buildingDto) },
      },
    },
    async (request) => listBuildings(deps, authed(request), request.query.projectId),
  );

  app.post(
    '/api/buildings',
    {
      config: { permission: 'property.manage' },
      schema: { tags: ['property'], summary: '新建楼栋', body: buildingBody, response: { 200: buildingDto } },
    },
    async (request) => createBuilding(deps, authed(request), request.body),
  );

  app.put(
    '/api/buildings/:id',
    {
      config: { permission: 'property.manage' },
      schema: {
        tags: ['property'],
        summary: '修改楼栋',
        params: idParams,
        body: buildingUpdateBody,
        response: { 200: buildingDto },
      },
    },
    async (request) => updateBuilding(deps, authed(request), request.params.id, request.body),
  );

  app.delete(
    '/api/buildings/:id',
    {
      config: { permission: 'property.manage' },
      schema: { tags: ['property'], summary: '删除楼栋（无房间时）', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteBuilding(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/buildings/:id/grid',
    {
      config: { permission: 'property.read' },
      schema: { tags: ['property'], summary: '房态图：楼层 × 房间', params: idParams, response: { 200: roomGrid } },
    },
    async (request) => buildRoomGrid(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/room-generation/preview',
    {
      config: { permission: 'property.manage' },
      schema: {
        tags: ['property'],
        summary: '房源生成预览',
        body: generationBody,
        response: { 200: generationPreview },
      },
    },
    async (request) => previewGeneration(deps, authed(request), request.body),
  );

  app.post(
    '/api/room-generation',
    {
      config: { permission: 'property.manage' },
      schema: {
        tags: ['property'],
        summary: '房源生成（重复执行不会重复创建）',
        body: generationBody,
        response: { 200: generationResult },
      },
    },
    async (request) => applyGeneration(deps, authed(request), request.body),
  );

  app.get(
    '/api/rooms',
    {
      config: { permission: 'property.read' },
      schema: {
        tags: ['property'],
        summary: '房间列表',
        querystring: roomListQuery,
        response: { 200: pageOf(roomDto) },
      },
    },
    async (request) => listRooms(deps, authed(request), request.query),
  );

  app.get(
    '/api/rooms/export',
    {
      config: { permission: 'property.read' },
      schema: { tags: ['property'], summary: '导出房间（Excel）', querystring: roomExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const l = zh ? 0 : 1;
      const rows = await exportRooms(deps, ctx, request.query, EXPORT_MAX_ROWS);
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '房间' : 'Rooms',
        file: zh ? '房间.xlsx' : 'rooms.xlsx',
        rows,
        columns: [
          { header: zh ? '项目名称' : 'Project', value: (r) => r.projectName, width: 20 },
          { header: zh ? '楼栋' : 'Building', value: (r) => r.buildingName, width: 10 },
          { header: zh ? '单元' : 'Unit', value: (r) => r.unitName, width: 10 },
          { header: zh ? '楼层' : 'Floor', value: (r) => r.floor, width: 8 },
          { header: zh ? '房号' : 'Room', value: (r) => r.number, width: 10 },
          { header: zh ? '房间编码' : 'Room code', value: (r) => r.code, width: 14 },
          { header: zh ? '房间类型' : 'Type', value: (r) => typeLabels[r.type][l], width: 10 },
          { header: zh ? '建筑面积' : 'Gross area (㎡)', value: (r) => r.grossArea, width: 12 },
          { header: zh ? '套内面积' : 'Net area (㎡)', value: (r) => r.netArea, width: 12 },
          { header: zh ? '户型' : 'Layout', value: (r) => r.layout, width: 12 },
          { header: zh ? '朝向' : 'Orientation', value: (r) => r.orientation, width: 10 },
          { header: zh ? '房态' : 'Status', value: (r) => statusLabels[r.status][l], width: 10 },
          { header: zh ? '交付日期' : 'Delivery date', value: (r) => r.deliveryDate, width: 12 },
        ],
        audit: {
          action: 'room.export',
          entityType: 'room',
          summary: `导出房间 ${rows.length} 条`,
          after: request.query,
        },
      });
    },
  );

  app.get(
    '/api/rooms/:id',
    {
      config: { permission: 'property.read' },
      schema: {
        tags: ['property'],
        summary: '房间详情（含收费对象）',
        params: idParams,
        response: { 200: roomDetailDto },
      },
    },
    async (request) => {
      const ctx = authed(request);
      const room = await getRoom(deps, ctx, request.params.id);
      // The billing target names a customer: shown to those who may read customers.
      if (!ctx.actor.permissions.has('customer.read')) return room;
      return { ...room, billingTarget: await roomBillingTarget(deps.db, room.id) };
    },
  );

  app.put(
    '/api/rooms/:id',
    {
      config: { permission: 'property.manage' },
      schema: {
        tags: ['property'],
        summary: '修改房间',
        params: idParams,
        body: roomUpdateBody,
        response: { 200: roomDto },
      },
    },
    async (request) => updateRoom(deps, authed(request), request.params.id, request.body),
  );
};
