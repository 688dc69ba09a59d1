package io.ringcache.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The opcode, status and body limits that replication added, as docs/protocol.md lists them. */
class ReplicationConstantsTest {

    @Test
    void replicateIsOpcode0x40AndNotABatchOfClientKeys() {
        assertEquals(0x40, Opcode.REPLICATE);
        assertEquals("REPLICATE", Opcode.name(Opcode.REPLICATE));
        assertTrue(Opcode.isKnown(Opcode.REPLICATE));
        assertFalse(Opcode.isBatch(Opcode.REPLICATE));
    }

    @Test
    void replicateBodyMayBeAsLargeAsABatch_heartbeatAsASingleKeyRequest() {
        assertEquals(16 * 1024 * 1024, Limits.maxRequestBody(Opcode.REPLICATE));
        assertEquals(Limits.MAX_BATCH_BODY, Limits.maxRequestBody(Opcode.REPLICATE));
        assertEquals(Limits.MAX_SINGLE_BODY, Limits.maxRequestBody(Opcode.HEARTBEAT));
    }

    @Test
    void unavailableIs0x19AndAnError() {
        assertEquals(0x19, Status.UNAVAILABLE);
        assertEquals("UNAVAILABLE", Status.name(Status.UNAVAILABLE));
        assertTrue(Status.isError(Status.UNAVAILABLE));
    }
}
