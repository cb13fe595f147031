export { type ExpertChoiceConfig, type ExpertChoiceRouter, expertChoice } from './expert-choice.ts';
