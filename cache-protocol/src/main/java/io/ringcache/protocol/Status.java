package io.ringcache.protocol;

/**
 * Status codes carried in bytes 8..9 of every response header (0 in requests).
 *
 * <p>Codes below {@link #FIRST_ERROR} are normal answers (a miss is not an error); from {@link #FIRST_ERROR} on, the
 * response body is an error message: {@code uint16 length} then that many bytes of UTF-8.
 */
public final class Status {
    public static final short OK = 0x00;
    /** The key is absent or expired. */
    public static final short NOT_FOUND = 0x01;
    /** A compare-and-set named a version that is not the entry's current one. */
    public static final short VERSION_MISMATCH = 0x02;

    /** The first status whose body is an error message. */
    public static final short FIRST_ERROR = 0x10;
    /** The request is malformed: a field is out of range or the body does not match its declared lengths. */
    public static final short BAD_REQUEST = 0x10;
    /** A key, value, batch or frame is over a protocol limit; the message names the limit. */
    public static final short TOO_LARGE = 0x11;
    public static final short UNKNOWN_OPCODE = 0x12;
    /** The node does not own the key at its (newer) topology epoch, which the response header carries. */
    public static final short NOT_OWNER = 0x13;
    public static final short UNAUTHORIZED = 0x14;
    public static final short FORBIDDEN = 0x15;
    /** The node is overloaded; retry later or elsewhere. */
    public static final short BUSY = 0x16;
    /** The entry cannot be stored within the node's memory bound, even after eviction. */
    public static final short OUT_OF_MEMORY = 0x17;
    /** A standby manager was asked to act; the message names the active manager. */
    public static final short NOT_ACTIVE = 0x18;
    /**
     * Fewer replicas acknowledged a write than its consistency level asks for, within the replication timeout. The
     * write was applied on the coordinator (and maybe on some replicas); retrying it is safe.
     */
    public static final short UNAVAILABLE = 0x19;
    public static final short INTERNAL = 0x1F;

    private Status() {
    }

    /** Whether a response with this status carries an error message body. */
    public static boolean isError(int status) {
        return status >= FIRST_ERROR;
    }

    /** The status's name, for messages and logs; unknown codes read as {@code STATUS_0x..}. */
    public static String name(int status) {
        switch (status) {
            case OK:
                return "OK";
            case NOT_FOUND:
                return "NOT_FOUND";
            case VERSION_MISMATCH:
                return "VERSION_MISMATCH";
            case BAD_REQUEST:
                return "BAD_REQUEST";
            case TOO_LARGE:
                return "TOO_LARGE";
            case UNKNOWN_OPCODE:
                return "UNKNOWN_OPCODE";
            case NOT_OWNER:
                return "NOT_OWNER";
            case UNAUTHORIZED:
                return "UNAUTHORIZED";
            case FORBIDDEN:
                return "FORBIDDEN";
            case BUSY:
                return "BUSY";
            case OUT_OF_MEMORY:
                return "OUT_OF_MEMORY";
            case NOT_ACTIVE:
                return "NOT_ACTIVE";
            case UNAVAILABLE:
                return "UNAVAILABLE";
            case INTERNAL:
                return "INTERNAL";
            default:
                return "STATUS_0x" + Integer.toHexString(status);
        }
    }
}
