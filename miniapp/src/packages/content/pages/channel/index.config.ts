export default definePageConfig({ navigationBarTitleText: '体育频道' });
