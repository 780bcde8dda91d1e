import type Redis from 'ioredis';

/** What the checkpointer last signed for a log, remembered outside that log. */
export interface WitnessedCheckpoint {
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  jws: string;
}

/**
 * A memory of the last checkpoint signed, kept apart from the log it covers: a log restored from a
 * backup carries its own (older) checkpoints and agrees with them, so only a witness outside it can
 * tell that it lost what was signed after the backup. Losing the witness loses only that check.
 */
export interface CheckpointWitness {
  last(logId: string): Promise<WitnessedCheckpoint | undefined>;
  remember(logId: string, checkpoint: WitnessedCheckpoint): Promise<void>;
}

export function redisCheckpointWitness(redis: Redis, prefix: string): CheckpointWitness {
  const key = (logId: string) => `${prefix}audit:witness:${logId}`;
  return {
    async last(logId) {
      const stored = await redis.get(key(logId));
      return stored ? (JSON.parse(stored) as WitnessedCheckpoint) : undefined;
    },
    async remember(logId, checkpoint) {
      await redis.set(key(logId), JSON.stringify(checkpoint));
    },
  };
}
