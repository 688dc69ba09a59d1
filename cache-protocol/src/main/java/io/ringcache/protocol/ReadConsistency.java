package io.ringcache.protocol;

/** Where a client reads a key from. Decided by the client alone; nodes serve any read of a key they hold. */
public enum ReadConsistency {
    /** The key's primary, failing over to the next replica. */
    ONE,
    /** Any one of the key's replicas, spreading the load of hot keys. */
    ANY_REPLICA,
    /** A majority of the replicas; the answer with the newest version (a tombstone counts) wins. */
    QUORUM
}
