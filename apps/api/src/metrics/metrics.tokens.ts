/** The api's prom-client Registry: one per app, so two apps in one process (tests) never share series. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
