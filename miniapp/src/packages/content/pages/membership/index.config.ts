export default definePageConfig({ navigationBarTitleText: '球迷会员' });
