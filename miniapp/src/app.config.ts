export default defineAppConfig({
  pages: ['pages/index/index', 'pages/ranks/index', 'pages/mall/index', 'pages/me/index'],
  subPackages: [{ root: 'packages/wallet', pages: ['pages/history/index'] }],
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
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/ranks/index', text: '排行' },
      { pagePath: 'pages/mall/index', text: '商城' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
});
