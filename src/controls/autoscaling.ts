import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { subnetAssignsPublicIp } from './ec2-network';
import { HipaaSeverity } from './severity';
import { bool, list, str, UNKNOWN } from './values';

const GROUP = 'AWS::AutoScaling::AutoScalingGroup';
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';

/** TrafficSources types and the health check type that watches each. */
const HEALTH_CHECK_FOR_SOURCE: Record<string, string> = { 'elb': 'ELB', 'elbv2': 'ELB', 'vpc-lattice': 'VPC_LATTICE' };

/**
 * The health check types a group's load balancer attachments call for: ELB for classic load
 * balancers, target groups and elb/elbv2 traffic sources, VPC_LATTICE for VPC Lattice traffic sources.
 */
function requiredHealthChecks(r: RenderedResource): Set<string> | typeof UNKNOWN {
  const classic = list(r.properties.LoadBalancerNames);
  const targetGroups = list(r.properties.TargetGroupARNs);
  const sources = list(r.properties.TrafficSources);
  if (classic === UNKNOWN || targetGroups === UNKNOWN || sources === UNKNOWN) return UNKNOWN;
  const required = new Set<string>();
  if (classic.length > 0 || targetGroups.length > 0) required.add('ELB');
  for (const source of sources) {
    const type = str(source?.Type);
    if (type === UNKNOWN) return UNKNOWN;
    const check = HEALTH_CHECK_FOR_SOURCE[type ?? ''];
    if (check) required.add(check);
  }
  return required;
}

/**
 * AutoScaling.LoadBalancerHealthCheck: a group behind a load balancer replaces the instances the load
 * balancer finds unhealthy, not only those whose EC2 status checks fail.
 * - given LoadBalancerNames or TargetGroupARNs (listener.addTargets with the group renders them) and
 *   HealthCheckType ELB, alone or in a list such as ELB,EBS, then PASS
 * - given such an attachment and HealthCheckType absent (EC2 status checks only, the default) or
 *   without ELB, then FAIL (warning)
 * - given TrafficSources of type elb or elbv2 (ELB) or vpc-lattice (VPC_LATTICE): each calls for its
 *   health check type; all present → PASS, one missing → FAIL
 * - given no load balancer, target group or traffic source, then N/A
 * - given the attachments or HealthCheckType from a parameter, then UNVERIFIABLE
 */
const loadBalancerHealthCheck: Control = {
  id: 'AutoScaling.LoadBalancerHealthCheck',
  title: 'Auto Scaling group behind a load balancer uses its health checks',
  resourceTypes: [GROUP],
  citations: ['164.308(a)(7)(i)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'AutoScalingGroupELBHealthCheckRequired',
  fix: 'Set healthChecks: HealthChecks.withAdditionalChecks({ additionalTypes: [AdditionalHealthCheckType.ELB] }) on the group.',
  rationale: 'An instance that passes EC2 status checks but fails the load balancer\'s keeps its place in the group, so the service stays degraded.',
  check: (r) => {
    const required = requiredHealthChecks(r);
    if (required === UNKNOWN) return unverifiable('the load balancer attachments cannot be resolved at synth.');
    if (required.size === 0) return notApplicable();
    const type = str(r.properties.HealthCheckType);
    if (type === UNKNOWN) return unverifiable('HealthCheckType cannot be resolved at synth.');
    const configured = new Set((type ?? 'EC2').split(',').map((t) => t.trim().toUpperCase()));
    const missing = [...required].filter((t) => !configured.has(t));
    return missing.length === 0 ? pass()
      : fail(`the group is attached to a load balancer but HealthCheckType is ${type ?? 'not set (EC2)'}, without ${missing.join(' and ')}: `
        + 'instances the load balancer marks unhealthy are not replaced.');
  },
};

/** The Auto Scaling groups of the app that launch from a launch configuration. */
function groupsUsing(lc: RenderedResource, index: ResourceIndex): RenderedResource[] {
  return index.referencing(lc, GROUP).filter((g) => index.target(g.properties.LaunchConfigurationName, g)?.key === lc.key);
}

/**
 * AutoScaling.LaunchConfigNoPublicIp: the instances of a launch configuration get no public IP address.
 * - given AssociatePublicIpAddress false, then PASS
 * - given AssociatePublicIpAddress true, then FAIL
 * - given it absent (the subnet decides: EC2 assigns a public address where MapPublicIpOnLaunch is
 *   true, which default subnets are) and every group of the app using the configuration launching
 *   into subnets of the app that do not map public IPs (autoscaling.AutoScalingGroup in private subnets), then PASS
 * - given it absent and a group spanning a subnet with MapPublicIpOnLaunch true, then FAIL
 * - given it absent and a group without VPCZoneIdentifier (it launches into the default VPC), then FAIL
 * - given it absent and a subnet outside the app, or no group of the app using the configuration, then UNVERIFIABLE
 * - given AssociatePublicIpAddress or VPCZoneIdentifier from a parameter, then UNVERIFIABLE
 */
const launchConfigNoPublicIp: Control = {
  id: 'AutoScaling.LaunchConfigNoPublicIp',
  title: 'Auto Scaling launch configuration assigns no public IP address',
  resourceTypes: [LAUNCH_CONFIGURATION],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'AutoScalingLaunchConfigPublicIpDisabled',
  fix: 'Launch the group into private subnets (vpcSubnets) and leave associatePublicIpAddress unset or false.',
  rationale: 'A host with a public IP address can be reached from the internet, outside the network boundary that protects the PHI it processes.',
  check: (r, index) => {
    const associate = bool(r.properties.AssociatePublicIpAddress);
    if (associate === UNKNOWN) return unverifiable('AssociatePublicIpAddress cannot be resolved at synth.');
    if (associate === true) return fail('AssociatePublicIpAddress is true, so every instance of the group gets a public IP address.');
    if (associate === false) return pass();
    const groups = groupsUsing(r, index);
    if (groups.length === 0) {
      return unverifiable('AssociatePublicIpAddress is not set and no Auto Scaling group of the app uses the configuration, so synth cannot see whose subnets decide; set it to false.');
    }
    let unknown: string | undefined;
    for (const group of groups) {
      if (group.properties.VPCZoneIdentifier === undefined) {
        return fail(`AssociatePublicIpAddress is not set and ${group.logicalId} has no VPCZoneIdentifier, so it launches into the default VPC, whose subnets assign public IP addresses.`);
      }
      const subnets = list(group.properties.VPCZoneIdentifier);
      if (subnets === UNKNOWN) {
        unknown = unknown ?? `the VPCZoneIdentifier of ${group.logicalId} cannot be resolved at synth.`;
        continue;
      }
      for (const subnet of subnets) {
        const publicIp = subnetAssignsPublicIp(subnet, group, index);
        if (publicIp === true) {
          return fail(`AssociatePublicIpAddress is not set and ${group.logicalId} launches into ${index.target(subnet, group)?.logicalId}, which has MapPublicIpOnLaunch true.`);
        }
        if (publicIp === UNKNOWN) {
          unknown = unknown ?? `AssociatePublicIpAddress is not set and ${group.logicalId} uses the subnet ${JSON.stringify(subnet)}, outside the app: `
            + 'synth cannot see whether it assigns public IP addresses.';
        }
      }
    }
    if (unknown) return unverifiable(unknown);
    return pass();
  },
};

/** Controls for EC2 Auto Scaling groups and launch configurations (their IMDSv2, EBS and monitoring settings are EC2 controls). */
export const AUTOSCALING_CONTROLS: readonly Control[] = [
  loadBalancerHealthCheck,
  launchConfigNoPublicIp,
];
