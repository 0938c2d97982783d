// The worker bundles this file: every workflow segflow runs is exported here.
export { segmentationRun } from './segmentation-run.js';
