import { AccessFlows } from './access-flows';
import { MapContext } from './context';
import { FlowGraph } from './flow-graph';
import { DataFlow, DataMapNode } from './model';
import { NetworkFlows } from './network-flows';
import { ServiceFlows } from './service-flows';

/**
 * Reads the flows the templates declare: network rules, IAM grants, resource policies and service
 * integrations, one pass per kind over the index. Flows between the same two ends merge; the result
 * is sorted by its ends.
 */
export function readFlows(ctx: MapContext): { flows: DataFlow[]; nodes: DataMapNode[] } {
  const graph = new FlowGraph(ctx);
  new NetworkFlows(graph).read();
  new AccessFlows(graph).read();
  new ServiceFlows(graph).read();
  return graph.result();
}
