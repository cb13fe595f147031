/** Single-file components as modules, for `tsc -p apps/docs` (Vite compiles them; tsc only sees their type). */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}
