import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { catalogControl } from '../../controls/catalog';
import { refuseUnlessAcknowledged } from '../../policy/refusals';

/** Why TLS is forced on every database connection. */
/** What a TLS refusal adds to RDS.TlsEnforced's rationale. */
export const TLS_DETAIL = 'Without the parameter the database also accepts unencrypted connections.';

/** What a TlsParameterGroup guards, and on whose behalf it refuses. */
export interface TlsGuard {
  /** The construct refusals are reported on (and acknowledged at). */
  readonly owner: IConstruct;
  /** The parameters that force TLS, with the one value the engine family's parameter groups take. */
  readonly tlsParameters: Readonly<Record<string, string>>;
}

/**
 * A parameter group whose TLS parameters cannot be changed silently: `addParameter` with another
 * value for one of them is refused at synth unless `CdkHipaa::RDS.TlsEnforced` is acknowledged.
 */
export class TlsParameterGroup extends rds.ParameterGroup {
  private readonly guard?: TlsGuard;

  constructor(scope: Construct, id: string, props: rds.ParameterGroupProps, guard: TlsGuard) {
    super(scope, id, props);
    this.guard = guard;
  }

  public addParameter(key: string, value: string): boolean {
    // `guard` is unset while the base constructor runs.
    const required = this.guard?.tlsParameters[key];
    if (this.guard && required !== undefined && normalize(value) !== normalize(required)) {
      refuseUnlessAcknowledged(this.guard.owner, {
        control: catalogControl('RDS.TlsEnforced'),
        prop: `parameterGroup.addParameter('${key}')`,
        value: `'${value}'`,
        detail: TLS_DETAIL,
      });
    }
    return super.addParameter(key, value);
  }
}

/**
 * Values compare without surrounding spaces and case. `1` and `ON` are not interchangeable: RDS
 * for MySQL and MariaDB parameter groups take require_secure_transport = 1, Aurora MySQL cluster
 * parameter groups take ON (see TLS_PARAMETERS in controls/rds-tls).
 */
function normalize(value: string): string {
  return value.trim().toUpperCase();
}
