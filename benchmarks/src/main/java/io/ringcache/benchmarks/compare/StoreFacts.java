package io.ringcache.benchmarks.compare;

/**
 * A server's own account of what it holds, read after the memory phase's fill to check that no entry was evicted
 * and to set the server's bookkeeping beside the RSS the operating system measures.
 *
 * @param items entries held (Ringcache {@code items}, Redis {@code DBSIZE}, Memcached {@code curr_items})
 * @param reportedBytes memory the server counts for them (Ringcache {@code used_memory}, Redis {@code used_memory},
 *     Memcached {@code bytes}); each counts differently, so only RSS compares across servers
 */
public record StoreFacts(long items, long reportedBytes) {
}
