// How weight is split between stable and canary. One file per router implements it (Flagger's
// pkg/router is the model); providers and flows never know which one they drive.
export interface TrafficRouter {
  readonly name: string
  /** Sends `weight`% of requests to the canary and the rest to stable. Fails without changing traffic. */
  setWeight(weight: number, versions: { stable: string | null; canary: string | null }): Promise<void>
  /** Where the canary alone can be reached (for the probe metric source), when the router knows. */
  canaryEndpoint?(): { url: string; headers: Record<string, string> } | undefined
}
