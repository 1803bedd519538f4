import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { earlySessionScript, earlySessionSettings } from './early-session';
import { PreloadHomeChunk } from './preload-home';
import { precompression } from './precompress';

/**
 * Taro build configuration. Each target builds into dist/<target> so that the Alipay, WeChat and
 * H5 builds do not delete each other. `@calorie-bank/shared` is TypeScript source written with
 * `.js` import specifiers (NodeNext), so webpack is told to try `.ts` for them.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const target = process.env.TARO_ENV ?? 'h5';
  // The shared rules are TypeScript source outside src/: Taro compiles only what it is told to.
  const sharedSource = path.resolve(__dirname, '..', '..', 'shared', 'src');
  // The storage names are read by the app and by index.html's early-session script made here.
  const storageKeys = path.resolve(__dirname, 'storage-keys.ts');
  const shareTypeScriptSources = (chain: { merge: (options: object) => void }) => {
    chain.merge({
      resolve: {
        extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        // npm may keep some Taro packages under miniapp/node_modules when the root's tools need other versions.
        modules: ['node_modules', path.resolve(__dirname, '..', 'node_modules'), path.resolve(__dirname, '..', '..', 'node_modules')],
      },
    });
  };
  const apiBase = process.env.CALORIE_BANK_API_BASE ?? (target === 'h5' ? '' : 'https://api.calorie-bank.example');
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'calorie-bank',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${target}`,
    plugins: [],
    defineConstants: {
      // Where the mini-program finds the BFF; the H5 build is served by the BFF itself.
      API_BASE: JSON.stringify(apiBase),
    },
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSource, storageKeys] },
      postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
      webpackChain: shareTypeScriptSources,
    },
    h5: {
      compile: { include: [sharedSource, storageKeys] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // index.html starts the session's first request before the app's code has loaded.
      htmlPluginOption: { earlySession: earlySessionScript(earlySessionSettings(apiBase)) },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      // Taro sizes the page by its narrower side, up to maxRootSize (40 by default, twice a phone's
      // 20): a desktop console at 1280×800 read at twice a phone's scale. 24 keeps phones as they are.
      postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false }, pxtransform: { enable: true, config: { maxRootSize: 24 } } },
      webpackChain: (chain: { merge: (options: object) => void; plugin: (name: string) => { use: (plugin: unknown, args?: unknown[]) => void } }) => {
        shareTypeScriptSources(chain);
        chain.plugin('preloadHome').use(PreloadHomeChunk);
        for (const [name, plugin, options] of precompression()) chain.plugin(name).use(plugin, [options]);
      },
    },
  };
  return merge({}, base, process.env.NODE_ENV === 'development' ? { mini: {}, h5: {} } : { mini: {}, h5: {} });
});
