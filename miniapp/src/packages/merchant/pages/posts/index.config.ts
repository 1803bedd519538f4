export default definePageConfig({ navigationBarTitleText: '社群推广' });
