export default definePageConfig({
  navigationBarTitleText: '卡路里银行',
  enablePullDownRefresh: true,
});
