/**
 * Model selection on a validation split: which epoch's weights to keep, and when to stop.
 *
 * An epoch is better than the best so far when its validation accuracy is higher, or equal with
 * a lower validation loss. Accuracy decides because it is what the hard net is judged by; the
 * loss breaks its ties because a small validation split has coarse accuracy steps (one row of 80
 * is 1.25 points), and plateaus of equal accuracy are common. With a patience of N, training
 * stops once N epochs in a row have not been better — but only after some epoch has beaten the
 * first one. ∂B nets often sit on their starting plateau for a while (the hardened head gives the
 * same logits, so the loss stays at ln C for 20 epochs on a small table), and a patience clock
 * running there would stop a net that has not started to learn. Pure bookkeeping: the caller
 * snapshots the weights when `offer` says the epoch is the new best.
 */

export interface EpochScore {
  readonly epoch: number;
  /** Share of validation rows the net classifies right, in [0, 1]. */
  readonly accuracy: number;
  /** Mean softmax cross-entropy over the validation rows. */
  readonly loss: number;
}

export interface Verdict {
  /** This epoch is the best so far: keep its weights. */
  readonly best: boolean;
  /** The patience has run out: train no further. */
  readonly stop: boolean;
}

export class BestEpoch {
  private bestScore: EpochScore | null = null;
  private sinceBest = 0;
  /** Some epoch has been better than the first: the patience clock runs. */
  private leftStart = false;

  /** `patience`: epochs without a better one before stopping; undefined = never stop early. */
  constructor(private readonly patience?: number) {
    if (patience !== undefined && !(Number.isInteger(patience) && patience >= 1)) {
      throw new RangeError(`patience must be a whole number ≥ 1, got ${patience}`);
    }
  }

  offer(score: EpochScore): Verdict {
    const first = this.bestScore === null;
    const best = this.bestScore === null || isBetter(score, this.bestScore);
    if (best) {
      this.bestScore = score;
      this.sinceBest = 0;
      if (!first) this.leftStart = true;
    } else if (this.leftStart) {
      this.sinceBest++;
    }
    return { best, stop: this.patience !== undefined && this.sinceBest >= this.patience };
  }

  /** The best epoch offered so far, or null before the first. */
  get best(): EpochScore | null {
    return this.bestScore;
  }
}

function isBetter(a: EpochScore, b: EpochScore): boolean {
  return a.accuracy > b.accuracy || (a.accuracy === b.accuracy && a.loss < b.loss);
}
