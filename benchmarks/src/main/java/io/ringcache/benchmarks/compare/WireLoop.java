package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.compare.wire.WireConnection;
import io.ringcache.benchmarks.compare.wire.WireProtocol;
import io.ringcache.benchmarks.load.KeyChooser;
import io.ringcache.benchmarks.load.KeySpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A load generator in one thread that speaks each server's protocol itself ({@link WireProtocol}) on non-blocking
 * sockets, for the latency phase (issue 6: p99 at 70% of peak). {@link OpenLoop} drives a server through its client
 * library, whose sending thread, I/O thread and garbage share the generator's one core on this machine: waits for
 * the core between those threads and the generator's GC pauses came out as milliseconds of tail that no server
 * caused. Here one thread writes the requests, reads the answers and times them, never parks (it spins on
 * {@link Selector#selectNow(Consumer)}) and allocates nothing per request, so what it adds to a latency is one turn
 * of its loop.
 *
 * <p>{@link #open} keeps a fixed rate, each latency timed from the request's intended send time as in
 * {@link OpenLoop}; {@link #closed} keeps a fixed number of requests in flight, for the warm-up and the peak that
 * the rate is a share of. Keys and the read/write draw follow the workload as {@link RequestMix} draws them (seeded
 * as its sender 0). Single-key workloads only. Bounded: a round whose answers are still missing
 * {@link RoundRecording#GRACE} after it ended fails.
 */
final class WireLoop implements AutoCloseable {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final WireProtocol protocol;
    private final Workload workload;
    private final List<WireConnection> connections = new ArrayList<>();
    private final Selector selector;
    private final Consumer<SelectionKey> readReady = this::readAnswers;
    private final WireConnection.Answers answers = this::answered;
    private final KeyChooser chooser;
    private final Random mix = new Random(0);
    private final int requestBytes;
    private Round round;

    /** Opens {@code connections} sockets to {@code system}'s server at {@code address}. */
    WireLoop(String system, InetSocketAddress address, int connections, int maxInFlight, Workload workload,
            KeySpace keys) throws IOException {
        if (workload.batch() > 0) {
            throw new IllegalArgumentException("the wire generator sends single-key requests only, not "
                    + workload.name());
        }
        this.name = system;
        this.workload = workload;
        this.protocol = WireProtocol.of(system, keys, Preloader.value(workload.valueSize()));
        this.requestBytes = protocol.maxRequestLength();
        this.chooser = KeyChooser.parse(workload.distribution(), keys.count(), 1);
        this.selector = Selector.open();
        try {
            for (int i = 0; i < connections; i++) {
                WireConnection connection = WireConnection.open(address, maxInFlight);
                this.connections.add(connection);
                connection.channel().register(selector, SelectionKey.OP_READ, connection);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends at {@code ratePerSecond} for {@code duration}, at most {@code maxInFlight} requests unanswered, request
     * {@code n} at {@code start + n / rate}, each answer timed from then.
     */
    OpenLoopResult open(Duration duration, long ratePerSecond, int maxInFlight, Consumer<String> progress)
            throws IOException {
        round = new Round(System.nanoTime(), duration, progress);
        Schedule schedule = new Schedule(duration, ratePerSecond, maxInFlight);
        while (schedule.owesRequests() || round.inFlight > 0) {
            long now = System.nanoTime();
            schedule.sendDue(now);
            turn(now);
        }
        return new OpenLoopResult(round.result(), ratePerSecond, round.sent, schedule.intended - round.sent,
                schedule.waited, round.lag, round.fromSend);
    }

    /** Keeps {@code inFlight} requests unanswered for {@code duration}, each timed from its sending. */
    RoundResult closed(Duration duration, int inFlight, Consumer<String> progress) throws IOException {
        round = new Round(System.nanoTime(), duration, progress);
        for (long now = System.nanoTime(); now - round.end < 0 || round.inFlight > 0; now = System.nanoTime()) {
            if (now - round.end < 0) {
                keepInFlight(inFlight, now);
            }
            turn(now);
        }
        return round.result();
    }

    private void keepInFlight(int inFlight, long now) {
        boolean sent = true;
        while (sent && round.inFlight < inFlight) {
            sent = send(now, now);
        }
    }

    /** Writes the round's next request on its connection, unless that connection has no room now. */
    private boolean send(long due, long now) {
        WireConnection connection = connections.get((int) (round.sent % connections.size()));
        if (!connection.hasRoomFor(requestBytes)) {
            return false;
        }
        boolean get = mix.nextDouble() < workload.readRatio();
        connection.write(protocol, get, chooser.next(), due, now);
        round.sent++;
        round.inFlight++;
        round.lag.recordValue(RoundRecording.micros(due, now));
        return true;
    }

    /** One turn of the loop after sending: flush, read what came, report each second, give up after the grace. */
    private void turn(long now) throws IOException {
        for (WireConnection connection : connections) {
            connection.flush();
        }
        try {
            selector.selectNow(readReady);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        round.report(now);
    }

    private void readAnswers(SelectionKey key) {
        try {
            ((WireConnection) key.attachment()).readAnswers(protocol, answers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answered(long dueNanos, long writtenNanos, WireProtocol.Outcome outcome, long nowNanos) {
        round.inFlight--;
        if (outcome == WireProtocol.Outcome.ERROR) {
            round.errors++;
            return;
        }
        if (outcome == WireProtocol.Outcome.MISS) {
            round.misses++;
        }
        long micros = RoundRecording.micros(dueNanos, nowNanos);
        round.latencies.recordValue(micros);
        round.second.recordValue(micros);
        round.fromSend.recordValue(RoundRecording.micros(writtenNanos, nowNanos));
    }

    @Override
    public void close() throws IOException {
        for (WireConnection connection : connections) {
            connection.close();
        }
        selector.close();
    }

    /**
     * The requests of an open round, request {@code n} due at {@code start + n / rate}, and those it could not send:
     * kept apart from the loop in {@link #open} so that the loop's work is in methods the JIT compiles whole, not in
     * a loop it can only compile on the stack of the round that ran it first.
     */
    private final class Schedule {
        final long intended;
        final long ratePerSecond;
        final int maxInFlight;
        long waited;
        private long lastWaited = -1;
        private boolean givenUp;

        Schedule(Duration duration, long ratePerSecond, int maxInFlight) {
            this.intended = Math.floorDiv(-Math.multiplyExact(duration.toNanos(), ratePerSecond), -NANOS_PER_SECOND);
            this.ratePerSecond = ratePerSecond;
            this.maxInFlight = maxInFlight;
        }

        boolean owesRequests() {
            return round.sent < intended && !givenUp;
        }

        /** Sends every request due by {@code now}, while requests may be in flight and connections have room. */
        void sendDue(long now) {
            while (owesRequests()) {
                long due = round.start + round.sent * NANOS_PER_SECOND / ratePerSecond;
                if (due - now > 0) {
                    return;
                }
                if (round.inFlight >= maxInFlight) {
                    if (lastWaited != round.sent) {
                        waited++;
                        lastWaited = round.sent;
                    }
                    givenUp = now - round.end >= 0;
                    return;
                }
                if (!send(due, now)) {
                    return;
                }
            }
        }
    }

    /** What one round records; its histograms are allocated when it starts, never while it runs. */
    private final class Round {
        final long start;
        final long end;
        final Histogram latencies = new Histogram(RoundRecording.MAX_TRACKED_MICROS, 3);
        final Histogram fromSend = new Histogram(RoundRecording.MAX_TRACKED_MICROS, 3);
        final Histogram lag = new Histogram(RoundRecording.MAX_TRACKED_MICROS, 3);
        final Histogram second = new Histogram(RoundRecording.MAX_TRACKED_MICROS, 3);
        final Duration duration;
        final Consumer<String> progress;
        long sent;
        int inFlight;
        long errors;
        long misses;
        private int seconds;

        Round(long start, Duration duration, Consumer<String> progress) {
            this.start = start;
            this.end = start + duration.toNanos();
            this.duration = duration;
            this.progress = progress;
        }

        /** One progress line per second; fails the round once it is {@link RoundRecording#GRACE} past its end. */
        void report(long now) {
            if (now - (start + (seconds + 1) * NANOS_PER_SECOND) < 0) {
                return;
            }
            seconds++;
            progress.accept(RoundRecording.progressLine(name, seconds, second, errors, misses));
            second.reset();
            if (now - (end + RoundRecording.GRACE.toNanos()) > 0) {
                throw new IllegalStateException(name + ": " + inFlight + " requests still wait for an answer "
                        + RoundRecording.GRACE.toSeconds() + " s after the round ended");
            }
        }

        RoundResult result() {
            return new RoundResult(latencies, duration.toNanos() / 1e9, errors, misses);
        }
    }
}
