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
    /** Manager to node: are you alive? The answer is the node's report (see {@code NodeReport}). */
    public static final byte HEARTBEAT = 0x32;
    /** Node to manager: the body is the node (see {@code TopologyCodec.writeNode}) asking to join the cluster. */
    public static final byte REGISTER = 0x33;
    /** Operator to manager: the body is a UTF-8 JSON command, the answer a UTF-8 JSON document. */
    public static final byte ADMIN = 0x34;
    /** Manager to manager: the body is the sender's id, epoch and whether it is active; the answer the same. */
    public static final byte MANAGER_PING = 0x35;
    /**
     * Node to node: a batch of versioned writes (see {@code ReplicationCodec}) that the receiver applies where they are
     * newer than what it holds; used for forwarding writes to replicas and for streaming ranges. The answer is empty.
     */
    public static final byte REPLICATE = 0x40;

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
            case HEARTBEAT:
                return "HEARTBEAT";
            case REGISTER:
                return "REGISTER";
            case ADMIN:
                return "ADMIN";
            case MANAGER_PING:
                return "MANAGER_PING";
            case REPLICATE:
                return "REPLICATE";
            default:
                return null;
        }
    }
}
