export default definePageConfig({ navigationBarTitleText: '运动记录' });
