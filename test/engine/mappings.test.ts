import { findInMapValues } from '../../src/engine';

const MAPPINGS: { [name: string]: unknown } = {
  Regions: {
    'us-east-1': { ami: 'ami-1', size: 't3.small' },
    'eu-west-1': { ami: 'ami-2' },
  },
};
const values = (value: unknown) => findInMapValues(value, (name) => MAPPINGS[name]);

describe('findInMapValues', () => {
  test('one value when both keys are literals', () => {
    expect(values({ 'Fn::FindInMap': ['Regions', 'eu-west-1', 'ami'] })).toEqual(['ami-2']);
  });
  test('every value at a key that is not a literal', () => {
    expect(values({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'ami'] })).toEqual(['ami-1', 'ami-2']);
    expect(values({ 'Fn::FindInMap': ['Regions', 'us-east-1', { Ref: 'Key' }] })).toEqual(['ami-1', 't3.small']);
    // A top-level key without the second key contributes nothing.
    expect(values({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'size'] })).toEqual(['t3.small']);
  });
  test('undefined when it is no FindInMap, the map is unknown, or nothing is found', () => {
    expect(values('ami-1')).toBeUndefined();
    expect(values({ Ref: 'Regions' })).toBeUndefined();
    expect(values({ 'Fn::FindInMap': ['Other', 'us-east-1', 'ami'] })).toBeUndefined();
    expect(values({ 'Fn::FindInMap': [{ Ref: 'MapName' }, 'us-east-1', 'ami'] })).toBeUndefined();
    expect(values({ 'Fn::FindInMap': ['Regions', 'ap-south-1', 'ami'] })).toBeUndefined();
    expect(values({ 'Fn::FindInMap': ['Regions', 'us-east-1'] })).toBeUndefined();
    expect(values({ 'Fn::FindInMap': ['Regions', 'us-east-1', 'ami'], 'Extra': 1 })).toBeUndefined();
  });
});
