package io.ringcache.manager;

import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.ring.NodeInfo;

/**
 * What the manager knows of one node: how it is described in the topology, how many heartbeats in a row it missed,
 * and its last report (load; the epoch it holds, so the manager knows whom to push a newer topology to; and how far
 * its data moves are, so the manager knows when joining nodes can be UP).
 */
final class Member {
    NodeInfo info;
    int misses;
    NodeReport lastReport;
    long lastReportAtMs;
    double opsPerSecond;
    /** When the manager took the node in; a node that has never answered gets a grace period from then. */
    final long sinceMs = System.currentTimeMillis();

    Member(NodeInfo info) {
        this.info = info;
    }

    /** Records a heartbeat answer and derives ops/s from the change in the node's operation count. */
    void report(NodeReport report, long nowMs) {
        if (lastReport != null && nowMs > lastReportAtMs) {
            long operations = Math.max(0, report.operations() - lastReport.operations());
            opsPerSecond = operations * 1000.0 / (nowMs - lastReportAtMs);
        }
        lastReport = report;
        lastReportAtMs = nowMs;
        misses = 0;
    }

    /** The epoch the node last said it holds (0: unknown). */
    long heldEpoch() {
        return lastReport == null ? 0 : lastReport.epoch();
    }
}
