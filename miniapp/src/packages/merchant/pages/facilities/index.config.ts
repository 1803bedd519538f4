export default definePageConfig({ navigationBarTitleText: '场地与价格' });
