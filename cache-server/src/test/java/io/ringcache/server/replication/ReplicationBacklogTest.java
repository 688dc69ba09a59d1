package io.ringcache.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backlog keeps the newest records within its bytes, replays from any held offset and refuses older ones. */
class ReplicationBacklogTest {

    private static ByteBuf record(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static List<String> replay(ReplicationBacklog backlog, long from) {
        List<String> records = new ArrayList<>();
        boolean held = backlog.replay(from, (bytes, offset, length) ->
                records.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));
        return held ? records : null;
    }

    @Test
    void replaysEveryRecordFromAnOffset_inOrder() {
        ReplicationBacklog backlog = new ReplicationBacklog(1024);
        long first = backlog.append(record("alpha"));
        long second = backlog.append(record("beta"));
        backlog.append(record("gamma"));
        assertEquals(0, first);
        assertEquals(List.of("alpha", "beta", "gamma"), replay(backlog, first));
        assertEquals(List.of("beta", "gamma"), replay(backlog, second));
        assertEquals(List.of(), replay(backlog, backlog.head()), "nothing missed from the head");
    }

    @Test
    void dropsTheOldestRecordsWhenFull_wrapsAround_andRefusesAGapBeforeWhatItHolds() {
        ReplicationBacklog backlog = new ReplicationBacklog(64);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offsets.add(backlog.append(record("record-" + i)));
        }
        assertEquals(null, replay(backlog, offsets.get(0)), "the first records were dropped");
        List<String> tail = replay(backlog, offsets.get(17));
        assertEquals(List.of("record-17", "record-18", "record-19"), tail, "records across the wrap are intact");
        assertFalse(backlog.replay(-1, (bytes, offset, length) -> { }),
                "a gap before everything needs a full transfer");
    }

    @Test
    void aRecordLargerThanTheBacklog_isNotKept_andLeavesNothingToReplayAcrossIt() {
        ReplicationBacklog backlog = new ReplicationBacklog(64);
        long before = backlog.append(record("small"));
        backlog.append(Unpooled.wrappedBuffer(new byte[100]));
        assertEquals(null, replay(backlog, before));
        long after = backlog.append(record("next"));
        assertEquals(List.of("next"), replay(backlog, after));
        assertTrue(backlog.head() > after);
    }
}
