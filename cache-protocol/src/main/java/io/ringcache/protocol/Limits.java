package io.ringcache.protocol;

/**
 * The protocol's size limits. Every party checks them before it allocates anything for a frame, so that no peer can
 * make another hold more than these bounds.
 */
public final class Limits {
    public static final int MIN_KEY_LENGTH = 1;
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_VALUE_LENGTH = 1024 * 1024;
    public static final int MAX_BATCH_KEYS = 1000;

    /** The largest body of a single-key request: a SET's fixed fields, the largest key and the largest value. */
    public static final int MAX_SINGLE_BODY = 1024 * 1024 + 1024;
    /** The largest body of a batch request (MGET, MSET, MDELETE); clients split larger batches. */
    public static final int MAX_BATCH_BODY = 16 * 1024 * 1024;
    /** The largest body of any response (an MGET answer); a node refuses an MGET whose answer would be larger. */
    public static final int MAX_RESPONSE_BODY = 64 * 1024 * 1024;
    /**
     * Request bodies above their cap but up to this size are skipped without being buffered and answered with
     * {@link Status#TOO_LARGE}, so the connection stays usable; a length above this is taken as garbage and the
     * connection is closed.
     */
    public static final int MAX_SKIPPABLE_BODY = 256 * 1024 * 1024;

    /** Longest TTL a request may carry: 100 years, so that now + TTL never overflows. */
    public static final long MAX_TTL_MS = 100L * 365 * 24 * 3600 * 1000;

    private Limits() {
    }

    /** The largest request body a node buffers for this opcode. */
    public static int maxRequestBody(int opcode) {
        return Opcode.isBatch(opcode) || opcode == Opcode.TOPOLOGY_PUSH || opcode == Opcode.REPLICATE ? MAX_BATCH_BODY
                : MAX_SINGLE_BODY;
    }
}
