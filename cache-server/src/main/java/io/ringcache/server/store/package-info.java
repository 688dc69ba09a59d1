/**
 * The node's store: the {@link io.ringcache.server.store.Store} API and its off-heap implementation.
 *
 * <h2>Design note</h2>
 *
 * <p>{@link io.ringcache.server.store.OffHeapStore} routes a key by its xxHash64 to one of 64 stripes; a stripe is
 * an {@code OffHeapIndex} (8-byte slots: hash tag + entry offset) under one monitor. Entries live in
 * chunks of a {@code SlabAllocator} arena, laid out as {@code EntryLayout} draws. The budget is
 * {@code usedMemory = index bytes + page bytes held <= maxMemory}, checked under the allocator's leaf lock before
 * any index or page is taken, so no write pattern can exceed it.
 *
 * <p>Lock order: an eviction pool's monitor, then one stripe's monitor, then the allocator's. No thread holds two
 * stripe monitors, and stripes never take a pool's monitor.
 *
 * <p>For replication, versions are hybrid-logical-clock stamps with the node's tag in the low byte
 * ({@code VersionClock}), a delete leaves a tombstone entry (a spare bit of the lengths word marks it), and replicated
 * records are applied only over older versions. A tombstone takes memory, evicts and expires like an entry.
 *
 * <p>Per-entry overhead beyond key and value, at 100-byte keys and 1 KiB values, measured by {@code FootprintTest}:
 * about 34.1 bytes = 20 (header) + 0 (rounding: the 1,144-byte entry fills its class) + 10.3 (index at a 0.77 load;
 * 10 to 12.5 at any size) + 3.8 (page tails, and the last page partly filled).
 *
 * <h2>Known limits</h2>
 *
 * <ul>
 * <li>Pages are 1 MiB + 64 KiB and a page serves one size class at a time, so a store needs about as many pages as
 * size classes in use before it behaves well. Below that (say 8 MiB with entry sizes spread from 50 bytes to
 * 1 MiB) pages move between classes on most puts and the store keeps only a handful of entries; answers stay
 * correct. Smaller pages with chained chunks for large values would fix this and were left out.</li>
 * <li>A freed page stays resident (no {@code madvise} from Java): resident memory can reach the arena's high-water
 * mark plus the indexes, while {@code usedMemory} stays within the bound.</li>
 * <li>Versions increase across the store in the order puts are published; two concurrent puts on different stripes
 * may return to their callers in the other order.</li>
 * <li>A deleted key is only guarded against a late older replicated write while its tombstone lives (the tombstone
 * time-to-live, or less when memory pressure evicts it); after that such a write is applied and the key comes back.
 * Likewise an expired entry refuses older versions only until it is reclaimed.</li>
 * </ul>
 */
package io.ringcache.server.store;
