package io.ringcache.protocol;

/**
 * Operation codes carried in byte 6 of every frame header. Responses carry the opcode of the request they answer.
 *
 * <p>Plain {@code byte} constants rather than an enum so that dispatch is a {@code switch} on a primitive with no
 * lookup or allocation per frame.
 */
public final class Opcode {
    public static final byte GET = 0x01;
    public static final byte SET = 0x02;
    public static final byte DELETE = 0x03;
    public static final byte TOUCH = 0x04;
    public static final byte MGET = 0x10;
    public static final byte MSET = 0x11;
    public static final byte MDELETE = 0x12;
    public static final byte PING = 0x20;
    public static final byte STATS = 0x21;
    /** Asks for the sender's current topology (answer body: a topology, see {@code TopologyCodec}). */
    public static final byte TOPOLOGY = 0x30;
    /** Manager to node: the body is a topology, which the node adopts if its epoch is higher than its own. */
    public static final byte TOPOLOGY_PUSH = 0x31;

    private Opcode() {
    }

    /** Whether the opcode is one this protocol version defines. */
    public static boolean isKnown(int opcode) {
        return name(opcode) != null;
    }

    /** Whether the opcode carries a batch of keys, which allows a larger body. */
    public static boolean isBatch(int opcode) {
        return opcode == MGET || opcode == MSET || opcode == MDELETE;
    }

    /** The opcode's name, or null when it is unknown. */
    public static String name(int opcode) {
        switch (opcode) {
            case GET:
                return "GET";
            case SET:
                return "SET";
            case DELETE:
                return "DELETE";
            case TOUCH:
                return "TOUCH";
            case MGET:
                return "MGET";
            case MSET:
                return "MSET";
            case MDELETE:
                return "MDELETE";
            case PING:
                return "PING";
            case STATS:
                return "STATS";
            case TOPOLOGY:
                return "TOPOLOGY";
            case TOPOLOGY_PUSH:
                return "TOPOLOGY_PUSH";
            default:
                return null;
        }
    }
}
