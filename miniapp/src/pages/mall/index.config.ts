export default definePageConfig({ navigationBarTitleText: '金币商城' });
