package io.ringcache.benchmarks.load;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Picks the next key index of a load run: uniformly, or by a Zipf law whose ranks are scrambled over the key space
 * (as YCSB's scrambled Zipfian does) so the hottest keys do not all sit next to each other on the ring. Not
 * thread-safe: one per session.
 */
public interface KeyChooser {

    long next();

    /**
     * A chooser for a distribution named {@code uniform} or {@code zipf:<exponent>} (e.g. {@code zipf:0.99}).
     */
    static KeyChooser parse(String distribution, long keys, long seed) {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        if (distribution.equals("uniform")) {
            return () -> random.nextLong(keys);
        }
        if (distribution.startsWith("zipf:")) {
            double exponent;
            try {
                exponent = Double.parseDouble(distribution.substring("zipf:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("zipf exponent must be a number, was '" + distribution + "'", e);
            }
            if (keys > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("zipf needs at most " + Integer.MAX_VALUE + " keys, was " + keys);
            }
            DiscreteSampler zipf = RejectionInversionZipfSampler.of(random, (int) keys, exponent);
            return () -> Long.remainderUnsigned(scramble(zipf.sample()), keys);
        }
        throw new IllegalArgumentException("distribution must be uniform or zipf:<exponent>, was '" + distribution
                + "'");
    }

    /** SplitMix64's finalizer: spreads Zipf ranks over the key space. */
    private static long scramble(long rank) {
        long z = rank * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
