export default defineAppConfig({
  pages: ['pages/index/index', 'pages/ranks/index', 'pages/mall/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/wallet', pages: ['pages/history/index'] },
    { root: 'packages/mall', pages: ['pages/offer/index'] },
    { root: 'packages/vouchers', pages: ['pages/list/index', 'pages/detail/index'] },
    { root: 'packages/merchant', pages: ['pages/console/index', 'pages/offer-form/index', 'pages/gate/index', 'pages/live/index', 'pages/facilities/index', 'pages/posts/index'] },
    { root: 'packages/communities', pages: ['pages/list/index', 'pages/detail/index', 'pages/post/index', 'pages/feed/index', 'pages/reports/index'] },
    { root: 'packages/ops', pages: ['pages/console/index'] },
    { root: 'packages/content', pages: ['pages/channel/index', 'pages/item/index', 'pages/membership/index', 'pages/collection/index', 'pages/share/index'] },
    { root: 'packages/venues', pages: ['pages/list/index', 'pages/detail/index', 'pages/bookings/index', 'pages/pass/index', 'pages/visits/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#10b981',
    navigationBarTitleText: '卡路里银行',
    navigationBarTextStyle: 'white',
    enablePullDownRefresh: false,
  },
  tabBar: {
    color: '#6b7280',
    selectedColor: '#059669',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png', text: '首页' },
      { pagePath: 'pages/ranks/index', iconPath: 'assets/tab/ranks.png', selectedIconPath: 'assets/tab/ranks-on.png', text: '排行' },
      { pagePath: 'pages/mall/index', iconPath: 'assets/tab/mall.png', selectedIconPath: 'assets/tab/mall-on.png', text: '商城' },
      { pagePath: 'pages/me/index', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png', text: '我的' },
    ],
  },
});
