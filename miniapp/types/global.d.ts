/// <reference types="@tarojs/taro" />

declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'alipay' | 'h5' | undefined;
  }
}

/** The BFF's origin, fixed at build time (empty on H5, which the BFF serves itself). */
declare const API_BASE: string;
