import type { API_ROUTES, RouteBody, RouteResponse } from '@calorie-bank/shared/api';
import { contract } from '../../../api/client';

type Routes = typeof API_ROUTES;
export type Post = RouteResponse<Routes['getPost']>['post'];
export type Comment = RouteResponse<Routes['postComments']>['items'][number];
export type Reply = Comment['replies'][number];
export type PostImage = RouteResponse<Routes['uploadPostImage']>['image'];
export type Sort = 'new' | 'hot';
export type NewPost = RouteBody<Routes['createPost']>;
export type CommunityReport = RouteResponse<Routes['communityReports']>['items'][number];

/** The post routes of the contract, as the signed-in user. */
export const postsApi = {
  feed: (communityId: string, sort: Sort, cursor: string | null) => contract.communityFeed({ params: { id: communityId }, query: { sort, cursor, limit: 10 } }),
  joinedFeed: (sort: Sort, cursor: string | null) => contract.joinedFeed({ query: { sort, cursor, limit: 10 } }),
  post: (id: string) => contract.getPost({ params: { id } }),
  create: (communityId: string, body: NewPost) => contract.createPost({ params: { id: communityId }, body }),
  remove: (id: string) => contract.deletePost({ params: { id } }),
  like: (id: string, like: boolean) => (like ? contract.likePost({ params: { id } }) : contract.unlikePost({ params: { id } })),
  comments: (id: string, cursor: string | null) => contract.postComments({ params: { id }, query: { cursor, limit: 20 } }),
  comment: (id: string, text: string, replyTo?: string) => contract.createComment({ params: { id }, body: { text, replyTo } }),
  removeComment: (id: string) => contract.deleteComment({ params: { id } }),
  reportPost: (id: string, reason: string) => contract.reportPost({ params: { id }, body: { reason: reason as 'spam' } }),
  reportComment: (id: string, reason: string) => contract.reportComment({ params: { id }, body: { reason: reason as 'spam' } }),
  /** For a moderator: the community's reported items still up, oldest first. */
  reports: (communityId: string, cursor: string | null) => contract.communityReports({ params: { id: communityId }, query: { cursor, limit: 20 } }),
};
