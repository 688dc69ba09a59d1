package io.ringcache.protocol;

/**
 * Hand-written wire bytes for one frame of each kind, laid out from the {@code FrameHeader}, {@code RequestEncoder}
 * and {@code ResponseEncoder} javadocs, never produced by the code under test. Every frame carries request id
 * {@link #REQUEST_ID} and epoch {@link #EPOCH}, chosen so that a swapped or misplaced byte shows.
 *
 * <p>Header: {@code bodyLength(4) | CA 01 opcode flags | status(2) reserved(2) | requestId(4) | epoch(8)}.
 */
public final class GoldenFrames {
    public static final int REQUEST_ID = 0x11223344;
    public static final long EPOCH = 0x0102030405060708L;

    /** GET "foo". */
    public static final String GET = "00000005 ca010100 00000000 11223344 0102030405060708"
            + " 0003 666f6f";
    /** DELETE "foo". */
    public static final String DELETE = "00000005 ca010300 00000000 11223344 0102030405060708"
            + " 0003 666f6f";
    /** TOUCH "foo" with a 60 000 ms TTL. */
    public static final String TOUCH = "0000000d ca010400 00000000 11223344 0102030405060708"
            + " 0003 000000000000ea60 666f6f";
    /** SET "foo" = "bar", flags 0xdeadbeef, TTL 1000 ms, CAS version 9. */
    public static final String SET = "00000020 ca010200 00000000 11223344 0102030405060708"
            + " 0003 deadbeef 00000000000003e8 0000000000000009 00000003 666f6f 626172";
    /** MGET "a", "bc". */
    public static final String MGET = "00000009 ca011000 00000000 11223344 0102030405060708"
            + " 0002 0001 61 0002 6263";
    /** MDELETE "a", "bc". */
    public static final String MDELETE = "00000009 ca011200 00000000 11223344 0102030405060708"
            + " 0002 0001 61 0002 6263";
    /** MSET "a" = "1", "bc" = "" with flags 5 and TTL 30 000 ms. */
    public static final String MSET = "0000002a ca011100 00000000 11223344 0102030405060708"
            + " 0002"
            + " 0001 00000005 0000000000007530 00000001 61 31"
            + " 0002 00000005 0000000000007530 00000000 6263";
    /** PING. */
    public static final String PING = "00000000 ca012000 00000000 11223344 0102030405060708";
    /** STATS. */
    public static final String STATS = "00000000 ca012100 00000000 11223344 0102030405060708";

    /** GET "foo" asking for a versioned miss (flags 0x08). */
    public static final String GET_VERSIONED_MISS = "00000005 ca010108 00000000 11223344 0102030405060708"
            + " 0003 666f6f";
    /** SET "foo" = "bar" as {@link #SET}, written at QUORUM (flags 0x02). */
    public static final String SET_QUORUM = "00000020 ca010202 00000000 11223344 0102030405060708"
            + " 0003 deadbeef 00000000000003e8 0000000000000009 00000003 666f6f 626172";
    /** HEARTBEAT with transfers paused (heartbeatFlags 0x01). */
    public static final String HEARTBEAT_PAUSED = "00000001 ca013200 00000000 11223344 0102030405060708"
            + " 01";
    /**
     * REPLICATE from "n1" carrying one SET record: version 0x102, expiring at 1 767 225 660 000 ms
     * (2026-01-01T00:01:00Z), flags 0xdeadbeef, key "foo", value "bar".
     */
    public static final String REPLICATE = "00000025 ca014000 00000000 11223344 0102030405060708"
            + " 02 6e31 0001"
            + " 01 0000000000000102 0000019b76db9260 deadbeef 03 00000003 666f6f 626172";

    /** Every request above, in one pipelined stream order. */
    public static final String[] ALL_REQUESTS = {GET, DELETE, TOUCH, SET, MGET, MDELETE, MSET, PING, STATS};

    /** GET OK: flags 0xdeadbeef, no TTL (-1), version 0x102, value "bar". */
    public static final String GET_OK = "0000001b ca010101 00000000 11223344 0102030405060708"
            + " deadbeef ffffffffffffffff 0000000000000102 00000003 626172";
    /** GET NOT_FOUND: empty body. */
    public static final String GET_NOT_FOUND = "00000000 ca010101 00010000 11223344 0102030405060708";
    /** SET OK: version 7. */
    public static final String SET_OK = "00000008 ca010201 00000000 11223344 0102030405060708"
            + " 0000000000000007";
    /** SET VERSION_MISMATCH: empty body. */
    public static final String SET_VERSION_MISMATCH = "00000000 ca010201 00020000 11223344 0102030405060708";
    /** DELETE NOT_FOUND: empty body. */
    public static final String DELETE_NOT_FOUND = "00000000 ca010301 00010000 11223344 0102030405060708";
    /** TOUCH OK: empty body. */
    public static final String TOUCH_OK = "00000000 ca010401 00000000 11223344 0102030405060708";
    /** GET TOO_LARGE with message "key too long". */
    public static final String GET_TOO_LARGE = "0000000e ca010101 00110000 11223344 0102030405060708"
            + " 000c 6b657920746f6f206c6f6e67";
    /** SET BAD_REQUEST with message "né" (3 bytes of UTF-8). */
    public static final String SET_BAD_REQUEST_UTF8 = "00000005 ca010201 00100000 11223344 0102030405060708"
            + " 0003 6ec3a9";
    /** MGET OK: item 1 OK (flags 1, TTL 500 ms, version 3, value "x"), item 2 NOT_FOUND. */
    public static final String MGET_OK = "0000001f ca011001 00000000 11223344 0102030405060708"
            + " 0002"
            + " 0000 00000001 00000000000001f4 0000000000000003 00000001 78"
            + " 0001";
    /** MSET OK: item 1 OK version 0x10, item 2 OUT_OF_MEMORY version 0. */
    public static final String MSET_OK = "00000016 ca011101 00000000 11223344 0102030405060708"
            + " 0002 0000 0000000000000010 0017 0000000000000000";
    /** MDELETE OK: OK, NOT_FOUND, OK. */
    public static final String MDELETE_OK = "00000008 ca011201 00000000 11223344 0102030405060708"
            + " 0003 0000 0001 0000";
    /** STATS OK: items = 42, hits = 2^32. */
    public static final String STATS_OK = "0000001d ca012101 00000000 11223344 0102030405060708"
            + " 0002 05 6974656d73 000000000000002a 04 68697473 0000000100000000";
    /** GET NOT_FOUND to a versioned miss: the key's tombstone has version 0x102. */
    public static final String GET_NOT_FOUND_VERSIONED = "00000008 ca010101 00010000 11223344 0102030405060708"
            + " 0000000000000102";
    /** MGET OK to a versioned miss: item 1 OK (as in MGET_OK), item 2 NOT_FOUND with no tombstone (version 0). */
    public static final String MGET_OK_VERSIONED = "00000027 ca011001 00000000 11223344 0102030405060708"
            + " 0002"
            + " 0000 00000001 00000000000001f4 0000000000000003 00000001 78"
            + " 0001 0000000000000000";
    /** REPLICATE OK: acknowledges every record of the frame; the body is the receiver's incarnation. */
    public static final String REPLICATE_OK = "00000008 ca014001 00000000 11223344 0102030405060708"
            + " 0a0b0c0d0e0f1011";
    /** PING OK: empty body. */
    public static final String PING_OK = "00000000 ca012001 00000000 11223344 0102030405060708";

    private GoldenFrames() {
    }
}
