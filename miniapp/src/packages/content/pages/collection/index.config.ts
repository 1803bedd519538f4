export default definePageConfig({ navigationBarTitleText: '数字藏品' });
