import type { ApiRoute } from './api.js';
import { CancelEventRequest, EventSignupsQuery, EventSignupsResponse, StaffCommunityEventResponse, UpdateEventRequest } from './schemas/communities.js';
import { BoardLikeRequest, BoardLikeResponse, BoardUnlikeQuery, MyLikesQuery, MyLikesResponse } from './schemas/likes.js';
import { UploadImageResponse } from './schemas/media.js';

function route<const R extends ApiRoute>(definition: R): R {
  return definition;
}

/** Likes on the day's boards, offer images uploaded by merchants, and events run by operators. */
export const LIKES_MEDIA_EVENT_ROUTES = {
  likeBoardEntry: route({
    method: 'post',
    path: '/leaderboards/daily/likes',
    tag: 'leaderboards',
    summary: "Like another user's entry on today's or yesterday's board; liking it again changes nothing",
    auth: 'user',
    body: BoardLikeRequest,
    response: BoardLikeResponse,
    errors: ['NOT_FOUND', 'STEP_DATE_OUT_OF_WINDOW', 'USER_FROZEN', 'RATE_LIMITED'],
  }),
  unlikeBoardEntry: route({
    method: 'delete',
    path: '/leaderboards/daily/likes',
    tag: 'leaderboards',
    summary: 'Take back a like; the entry is named in the query, and taking back one never given changes nothing',
    auth: 'user',
    query: BoardUnlikeQuery,
    response: BoardLikeResponse,
    errors: ['NOT_FOUND', 'STEP_DATE_OUT_OF_WINDOW', 'RATE_LIMITED'],
  }),
  myLikes: route({
    method: 'get',
    path: '/me/likes',
    tag: 'users',
    summary: "Who liked the caller's board entries on a day (default today), newest first, with the day's total",
    auth: 'user',
    query: MyLikesQuery,
    response: MyLikesResponse,
  }),
  uploadImage: route({
    method: 'post',
    path: '/merchant/uploads',
    tag: 'merchant',
    summary: 'Upload an offer image as multipart/form-data (field `file`): JPEG, PNG or WebP, at most 2 MB and 4096 px a side; answers its url for `imageUrl`',
    auth: 'merchant',
    response: UploadImageResponse,
    status: 201,
    file: { field: 'file', description: 'The image: JPEG, PNG or WebP by its content, at most 2 MB, 16 to 4096 px a side' },
    errors: ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  }),
  opsEvent: route({
    method: 'get',
    path: '/ops/events/:id',
    tag: 'operations',
    summary: 'One event with its check-in code',
    auth: 'operator',
    response: StaffCommunityEventResponse,
    errors: ['NOT_FOUND'],
  }),
  updateEvent: route({
    method: 'patch',
    path: '/ops/events/:id',
    tag: 'operations',
    summary: "Edit an event's title, description, place, time or capacity (not below its sign-ups)",
    auth: 'operator',
    body: UpdateEventRequest,
    response: StaffCommunityEventResponse,
    errors: ['NOT_FOUND', 'EVENT_NOT_OPEN'],
  }),
  cancelEvent: route({
    method: 'post',
    path: '/ops/events/:id/cancel',
    tag: 'operations',
    summary: 'Cancel an event: members see it cancelled, sign-ups and check-ins stop and no reward is paid; cancelling twice changes nothing',
    auth: 'operator',
    body: CancelEventRequest,
    response: StaffCommunityEventResponse,
    errors: ['NOT_FOUND'],
  }),
  eventSignups: route({
    method: 'get',
    path: '/ops/events/:id/signups',
    tag: 'operations',
    summary: "An event's sign-ups, earliest first, with who checked in",
    auth: 'operator',
    query: EventSignupsQuery,
    response: EventSignupsResponse,
    errors: ['NOT_FOUND'],
  }),
} as const;
