export default definePageConfig({ navigationBarTitleText: '实时在场' });
