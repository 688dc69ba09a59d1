package io.ringcache.server.peer;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer links of one event loop that have writes waiting, flushed together once the loop has read what its
 * sockets had for it now: the requests of every connection of that loop in one round then share one flush per peer.
 * Only ever used from its own event loop.
 */
public final class FlushBatch {
    /** A link whose written requests wait for a flush. */
    public interface Link {
        void flush();
    }

    private final EventLoop loop;
    private final List<Link> dirty = new ArrayList<>();
    private final Runnable flushTask = this::flush;
    private boolean flushScheduled;

    public FlushBatch(EventLoop loop) {
        this.loop = loop;
    }

    /** Notes that {@code link} has writes waiting. */
    public void add(Link link) {
        if (!dirty.contains(link)) {
            dirty.add(link);
        }
    }

    /** Schedules one flush of every link noted, after what the loop is running now, unless one is scheduled. */
    public void flushSoon() {
        if (!flushScheduled && !dirty.isEmpty()) {
            flushScheduled = true;
            loop.execute(flushTask);
        }
    }

    /** Forgets {@code link}: it is closed. */
    public void remove(Link link) {
        dirty.remove(link);
    }

    public void clear() {
        dirty.clear();
    }

    private void flush() {
        flushScheduled = false;
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
