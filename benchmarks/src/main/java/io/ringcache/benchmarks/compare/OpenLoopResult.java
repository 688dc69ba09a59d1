package io.ringcache.benchmarks.compare;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One fixed-rate round of {@link OpenLoop}: its latencies, each from the request's intended send time, and how
 * well the generator kept to the rate.
 *
 * @param round the latencies, errors and misses; its seconds are the round's length, from the first intended send
 *     time to the end (not counting the wait for the last answers)
 * @param targetPerSecond the rate asked for
 * @param sent requests sent
 * @param unsent requests intended within the round but not sent: all allowed requests were unanswered and the round
 *     ended
 * @param waitedForSlot requests that had to wait for an answer to another before they could be sent
 * @param sendLag microseconds from each request's intended send time to its actual one: the generator's own share
 *     of the latencies
 * @param fromSend the answered requests' latencies timed from when each was actually sent, as a closed loop times
 *     them: what timing from the intended send time adds shows against these
 */
public record OpenLoopResult(RoundResult round, long targetPerSecond, long sent, long unsent, long waitedForSlot,
        Histogram sendLag, Histogram fromSend) {

    /** Requests sent per second of the round. */
    public double achievedPerSecond() {
        return sent / round.seconds();
    }

    /**
     * Rounds at the same rate as one: their latencies in one histogram, their lengths, counts and lags summed, so
     * that a percentile is taken over all their requests.
     */
    public static OpenLoopResult merge(List<OpenLoopResult> rounds) {
        OpenLoopResult first = rounds.get(0);
        Histogram latencies = first.round.latencies().copy();
        Histogram sendLag = first.sendLag.copy();
        Histogram fromSend = first.fromSend.copy();
        double seconds = first.round.seconds();
        long errors = first.round.errors();
        long misses = first.round.misses();
        long sent = first.sent;
        long unsent = first.unsent;
        long waited = first.waitedForSlot;
        for (OpenLoopResult next : rounds.subList(1, rounds.size())) {
            latencies.add(next.round.latencies());
            sendLag.add(next.sendLag);
            fromSend.add(next.fromSend);
            seconds += next.round.seconds();
            errors += next.round.errors();
            misses += next.round.misses();
            sent += next.sent;
            unsent += next.unsent;
            waited += next.waitedForSlot;
        }
        return new OpenLoopResult(new RoundResult(latencies, seconds, errors, misses), first.targetPerSecond, sent,
                unsent, waited, sendLag, fromSend);
    }
}
