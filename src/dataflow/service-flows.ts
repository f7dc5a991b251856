import { End, FlowGraph } from './flow-graph';
import { RenderedResource } from '../controls/control';
import { asArray, dig } from '../controls/values';

/** Flows service integrations declare: event sources, subscriptions, log subscriptions, deliveries, replication, notifications, rule targets, dead-letter queues. */
export class ServiceFlows {
  constructor(private readonly graph: FlowGraph) {}

  /** Reads every service flow into the graph. */
  public read(): void {
    const idx = this.graph.ctx.index;
    const link = (fromValue: unknown, toValue: unknown, declaredBy: RenderedResource, label: string, what = 'resource') => {
      for (const a of this.graph.ends(fromValue, declaredBy, what)) for (const b of this.graph.ends(toValue, declaredBy, what)) this.graph.add(a, b, 'service', label, declaredBy);
    };
    const fromSelf = (r: RenderedResource, toValue: unknown, label: string) => {
      for (const b of this.graph.ends(toValue, r, 'destination')) this.graph.add({ id: r.key }, b, 'service', label, r);
    };
    for (const m of idx.ofType('AWS::Lambda::EventSourceMapping')) link(m.properties.EventSourceArn, m.properties.FunctionName, m, 'event source mapping');
    for (const s of idx.ofType('AWS::SNS::Subscription')) this.subscription(s.properties.TopicArn, s.properties.Protocol, s.properties.Endpoint, s);
    for (const topic of idx.ofType('AWS::SNS::Topic')) {
      for (const sub of asArray<any>(topic.properties.Subscription)) this.subscription({ Ref: topic.logicalId }, sub?.Protocol, sub?.Endpoint, topic);
    }
    for (const f of idx.ofType('AWS::Logs::SubscriptionFilter')) link(f.properties.LogGroupName, f.properties.DestinationArn, f, 'log subscription');
    for (const stream of idx.ofType('AWS::KinesisFirehose::DeliveryStream')) {
      const p = stream.properties;
      for (const src of this.graph.ends(dig(p, 'KinesisStreamSourceConfiguration', 'KinesisStreamARN'), stream, 'source')) this.graph.add(src, { id: stream.key }, 'service', 'Firehose source', stream);
      for (const dest of ['S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration']) fromSelf(stream, dig(p, dest, 'BucketARN'), 'delivery');
      for (const dest of ['ElasticsearchDestinationConfiguration', 'AmazonopensearchserviceDestinationConfiguration']) fromSelf(stream, dig(p, dest, 'DomainARN'), 'delivery');
      const urls = [dig(p, 'HttpEndpointDestinationConfiguration', 'EndpointConfiguration', 'Url'), dig(p, 'SplunkDestinationConfiguration', 'HECEndpoint'),
        dig(p, 'SnowflakeDestinationConfiguration', 'AccountUrl')].filter((u) => u !== undefined);
      for (const url of urls) this.graph.add({ id: stream.key }, this.graph.endpoint(url, stream), 'service', 'delivery over HTTPS', stream);
    }
    for (const bucket of idx.ofType('AWS::S3::Bucket')) {
      for (const rule of asArray<any>(dig(bucket.properties, 'ReplicationConfiguration', 'Rules'))) {
        const account = dig(rule, 'Destination', 'Account');
        const ends = typeof account === 'string' && account !== this.graph.accountOf(bucket) ? [this.graph.account(account)] : this.graph.ends(dig(rule, 'Destination', 'Bucket'), bucket, 'replica bucket');
        for (const end of ends) this.graph.add({ id: bucket.key }, end, 'service', 'replication', bucket);
      }
      this.notifications(bucket, bucket.properties.NotificationConfiguration, bucket);
    }
    for (const custom of idx.ofType('Custom::S3BucketNotifications')) {
      const bucket = idx.target(custom.properties.BucketName, custom);
      if (bucket) this.notifications(bucket, custom.properties.NotificationConfiguration, custom);
    }
    for (const rule of idx.ofType('AWS::Events::Rule')) {
      for (const target of asArray<any>(rule.properties.Targets)) fromSelf(rule, target?.Arn, 'rule target');
    }
    for (const config of idx.ofType('AWS::Lambda::EventInvokeConfig')) {
      for (const when of ['OnSuccess', 'OnFailure']) link(config.properties.FunctionName, dig(config.properties, 'DestinationConfig', when, 'Destination'), config, `${when} destination`);
    }
    for (const fn of idx.ofType('AWS::Lambda::Function')) fromSelf(fn, dig(fn.properties, 'DeadLetterConfig', 'TargetArn'), 'dead-letter queue');
    for (const q of idx.ofType('AWS::SQS::Queue')) {
      const redrive = q.properties.RedrivePolicy;
      fromSelf(q, typeof redrive === 'string' ? safeJson(redrive)?.deadLetterTargetArn : dig(redrive, 'deadLetterTargetArn'), 'dead-letter queue');
    }
    for (const sm of idx.ofType('AWS::StepFunctions::StateMachine')) {
      const definition = [sm.properties.DefinitionString, sm.properties.Definition, sm.properties.DefinitionSubstitutions];
      for (const t of this.graph.ctx.referenced(sm, definition)) {
        if (this.graph.ctx.classification(t)) this.graph.add({ id: sm.key }, { id: t.key }, 'service', 'state machine task', sm);
      }
    }
    for (const trail of idx.ofType('AWS::CloudTrail::Trail')) {
      for (const v of [trail.properties.S3BucketName, trail.properties.CloudWatchLogsLogGroupArn]) {
        for (const end of this.graph.ends(v, trail, 'trail destination')) this.graph.add(this.graph.service('cloudtrail.amazonaws.com'), end, 'service', 'trail delivery', trail);
      }
    }
    for (const channel of idx.ofType('AWS::Config::DeliveryChannel')) {
      for (const end of this.graph.ends(channel.properties.S3BucketName, channel, 'delivery bucket')) this.graph.add(this.graph.service('config.amazonaws.com'), end, 'service', 'configuration snapshots', channel);
    }
    for (const log of idx.ofType('AWS::EC2::FlowLog')) {
      for (const v of [log.properties.LogGroupName, log.properties.LogDestination]) {
        for (const end of this.graph.ends(v, log, 'flow log destination')) this.graph.add(this.graph.service('vpc-flow-logs.amazonaws.com'), end, 'service', 'flow logs', log);
      }
    }
  }

  /** A topic's subscription: to a resource of the app, or outside AWS (email, SMS, HTTP(S)). */
  private subscription(topicValue: unknown, protocol: unknown, endpoint: unknown, declaredBy: RenderedResource): void {
    const topics = this.graph.ends(topicValue, declaredBy, 'topic');
    let targets: End[];
    if (protocol === 'email' || protocol === 'email-json') targets = [this.graph.email()];
    else if (protocol === 'sms') targets = [{ id: 'sms', node: { id: 'sms', label: 'SMS recipients', kind: 'internet' } }];
    else if (protocol === 'http' || protocol === 'https') targets = [this.graph.endpoint(endpoint, declaredBy)];
    else targets = this.graph.ends(endpoint, declaredBy, 'subscription endpoint');
    for (const topic of topics) for (const target of targets) this.graph.add(topic, target, 'service', `subscription (${String(protocol)})`, declaredBy);
  }

  /** A bucket's event notifications to functions, queues and topics. */
  private notifications(bucket: RenderedResource, config: any, declaredBy: RenderedResource): void {
    const kinds: Array<[string, string]> = [['LambdaConfigurations', 'Function'], ['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']];
    for (const [list, property] of kinds) {
      for (const entry of asArray<any>(dig(config, list))) {
        for (const end of this.graph.ends(entry?.[property], declaredBy, 'notification target')) this.graph.add({ id: bucket.key }, end, 'service', 'event notification', declaredBy);
      }
    }
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
