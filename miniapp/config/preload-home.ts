import type { Compiler } from 'webpack';
import HtmlWebpackPlugin from 'html-webpack-plugin';

/**
 * H5: names the Home page's chunk (its script and styles) in index.html with `<link rel="preload">`,
 * so the browser fetches it beside app.js instead of after app.js has run and the router asked for
 * it: one round trip less before Home has content.
 */
export class PreloadHomeChunk {
  constructor(private readonly page = /src[\\/]pages[\\/]index[\\/]index\.tsx$/) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('PreloadHomeChunk', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('PreloadHomeChunk', (groups) => {
        const files = new Set<string>();
        for (const chunk of compilation.chunks) {
          if (chunk.canBeInitial()) continue;
          // nameForCondition() is a module's file, also for a concatenated one (its root module's).
          const holdsHome = compilation.chunkGraph.getChunkModules(chunk).some((module) => this.page.test(module.nameForCondition() ?? ''));
          if (holdsHome) for (const file of chunk.files) files.add(file);
        }
        if (files.size === 0) compilation.warnings.push(new compilation.compiler.webpack.WebpackError('PreloadHomeChunk: no chunk holds the Home page'));
        const publicPath = String(compilation.outputOptions.publicPath ?? '/');
        for (const file of [...files].sort()) {
          const as = file.endsWith('.css') ? 'style' : file.endsWith('.js') ? 'script' : null;
          if (!as) continue;
          groups.headTags.push({
            tagName: 'link',
            voidTag: true,
            meta: { plugin: 'PreloadHomeChunk' },
            attributes: { rel: 'preload', as, href: `${publicPath}${file}` },
          });
        }
        return groups;
      });
    });
  }
}
