/**
 * The connector registry: connector `type` (the `type:` of a config entry) → how to validate its
 * config and how to build it. The package's entry points (index.ts, cli.ts, start.ts, app.ts) hand
 * it to config/parse.ts, which validates each `connectors.<name>` entry with the schema registered
 * for its type (config/ never imports connectors/); `app.ts` builds instances with the factory.
 *
 * To add a connector type, add ONE line to `connectorRegistry` below:
 *
 *   'broadworks-oci': { schema: broadworksOciConfigSchema, factory: createBroadworksOciConnector,
 *                       methods: ['password', 'token'] },
 *
 * - `schema`: a zod object, `.strict()`, for the entry's keys. The `type` key is removed before the
 *   entry is validated (unless the schema declares `type` itself), so the schema need not list it.
 *   Use `connectorTimeoutSchema` from `../shared/duration.js` for `timeout` (outputs ms, default 5s).
 * - `factory(config, deps)`: builds the connector from the schema's OUTPUT. It must not connect yet
 *   (start-up must not depend on the upstream being up; `ready()` is what /readyz calls).
 * - `methods`: the sign-in methods (tabs) this type can serve; a `methods.<id>` config entry that
 *   points at a connector of a type lacking the method is a start-up error.
 */
import type { z } from 'zod';
import type { MethodId } from '../methods.js';
import type { ConnectorFactory } from './connector.js';
import { authingConfigSchema, createAuthingConnector } from './authing/index.js';
import { broadworksOciConfigSchema, createBroadworksOciConnector } from './broadworks-oci/index.js';
import { createVzlAgentConnector, vzlAgentConfigSchema } from './vzl-agent/index.js';
import { createDigipassGatewayConnector, digipassGatewayConfigSchema } from './digipass-gateway/index.js';
import { createOpenIamConnector, openiamConfigSchema } from './openiam/index.js';

export interface ConnectorRegistration {
  schema: z.ZodType;
  // `any`: each entry's factory takes its own schema's output type (checked where it is written).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the line above
  factory: ConnectorFactory<any>;
  methods: readonly MethodId[];
}

export const connectorRegistry: Record<string, ConnectorRegistration> = {
  // one line per connector type (see above)
  'broadworks-oci': {
    schema: broadworksOciConfigSchema,
    factory: createBroadworksOciConnector,
    methods: ['password', 'token'],
  },
  authing: { schema: authingConfigSchema, factory: createAuthingConnector, methods: ['password', 'phone', 'token'] },
  'vzl-agent': { schema: vzlAgentConfigSchema, factory: createVzlAgentConnector, methods: ['password'] },
  'digipass-gateway': {
    schema: digipassGatewayConfigSchema,
    factory: createDigipassGatewayConnector,
    methods: ['otp'],
  },
  openiam: { schema: openiamConfigSchema, factory: createOpenIamConnector, methods: ['phone', 'otp'] },
};

/** Looks a type up without falling through to Object.prototype (`type: constructor`). */
export function findConnectorType(
  type: string,
  registry: Record<string, ConnectorRegistration> = connectorRegistry,
): ConnectorRegistration | undefined {
  return Object.hasOwn(registry, type) ? registry[type] : undefined;
}
