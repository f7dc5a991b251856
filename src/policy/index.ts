export { HipaaData, HipaaDataClassification } from './data-classification';
