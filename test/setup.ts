// Keep asset hashes and paths stable in snapshots, and silence jsii's runtime banner.
process.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION = '20';
process.env.JSII_DEPRECATED = 'quiet';
