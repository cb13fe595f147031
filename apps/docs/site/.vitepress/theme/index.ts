import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import BenchmarkCharts from './components/BenchmarkCharts.vue';
import ControllerChart from './components/ControllerChart.vue';
import FlowDiagram from './components/FlowDiagram.vue';
import Playground from './components/Playground.vue';
import RouterWidget from './components/RouterWidget.vue';
import './custom.css';

/** The default VitePress theme plus the live components the pages use. */
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('RouterWidget', RouterWidget);
    app.component('ControllerChart', ControllerChart);
    app.component('Playground', Playground);
    app.component('BenchmarkCharts', BenchmarkCharts);
    app.component('FlowDiagram', FlowDiagram);
  },
} satisfies Theme;
