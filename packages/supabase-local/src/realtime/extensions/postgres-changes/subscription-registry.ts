// The active postgres_changes subscriptions, by table for the dispatcher and by channel for
// replacing or dropping them, each with the channel its events go to.
import type { ResolvedSubscription } from "./subscriptions";

/** Where a subscription's events go (a joined channel). */
export interface ChangeTarget {
  deliverChange(ids: number[], dataJson: string): void;
}

export interface Subscription extends ResolvedSubscription {
  target: ChangeTarget;
}

/** The live subscriptions, by table, as the dispatcher needs them. */
export class SubscriptionRegistry {
  private readonly byRelation = new Map<number, Set<Subscription>>();
  private readonly byTarget = new Map<ChangeTarget, Subscription[]>();

  /** Makes `resolved` the subscriptions of `target` (replacing what it had). */
  set(target: ChangeTarget, resolved: ResolvedSubscription[]): void {
    this.remove(target);
    const subscriptions = resolved.map((sub) => ({ ...sub, target }));
    for (const sub of subscriptions) {
      let set = this.byRelation.get(sub.relationOid);
      if (!set) this.byRelation.set(sub.relationOid, (set = new Set()));
      set.add(sub);
    }
    if (subscriptions.length > 0) this.byTarget.set(target, subscriptions);
  }

  remove(target: ChangeTarget): void {
    for (const sub of this.byTarget.get(target) ?? []) {
      const set = this.byRelation.get(sub.relationOid);
      set?.delete(sub);
      if (set && set.size === 0) this.byRelation.delete(sub.relationOid);
    }
    this.byTarget.delete(target);
  }

  forRelation(oid: number): Subscription[] {
    return [...(this.byRelation.get(oid) ?? [])];
  }

  get size(): number {
    return this.byTarget.size;
  }
}
