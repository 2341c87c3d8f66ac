export { Refresher, type RefresherOptions, type RefresherStats } from './refresher.js';
