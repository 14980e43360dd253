package io.github.wallet.application.service;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.in.ChainVerification;
import io.github.wallet.application.port.in.VerifyWalletUseCase;
import io.github.wallet.application.port.out.StoredEntry;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Walks a wallet's entries in order, recomputing each hash from its fields and the previous
 * entry's hash (which a changed amount, a deleted, inserted or re-ordered entry breaks), checks
 * that each balance follows from the last, and that the wallet's head and balance are the chain's
 * last. Streams the entries, so a wallet of any size is verified in constant memory.
 */
@Singleton
public final class ChainVerifier implements VerifyWalletUseCase {

    /**
     * Walks at once at most. Each holds a database connection for as long as it reads (a cursor
     * over a wallet's entries, millions for a busy one), from the pool the workers commit with.
     */
    static final int WALKS_AT_ONCE = 2;
    /** How long a verification waits for its turn before it is refused (503, retry later). */
    static final Duration TURN_WAIT = Duration.ofSeconds(10);

    private final WalletReads store;
    private final Duration turnWait;
    private final Semaphore walks = new Semaphore(WALKS_AT_ONCE, true);

    @Inject
    public ChainVerifier(WalletReads store) {
        this(store, TURN_WAIT);
    }

    ChainVerifier(WalletReads store, Duration turnWait) {
        this.store = store;
        this.turnWait = turnWait;
    }

    @Override
    public Optional<ChainVerification> verify(WalletId walletId) {
        try {
            if (!walks.tryAcquire(turnWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new DependencyUnavailableException("verification", WALKS_AT_ONCE + " wallets are being verified already; try again shortly",
                        Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("verification", "interrupted while waiting for a turn", Duration.ofSeconds(1));
        }
        try {
            return walk(walletId);
        } finally {
            walks.release();
        }
    }

    private Optional<ChainVerification> walk(WalletId walletId) {
        Walk walk = new Walk();
        // The wallet and its entries as of one moment: a batch committed between two separate reads
        // would leave the head read before the entry it points at (a sound wallet reported broken).
        Optional<WalletSnapshot> wallet = store.readChain(walletId, walk::step);
        if (wallet.isEmpty()) {
            return Optional.empty();
        }
        WalletSnapshot found = wallet.get();
        if (walk.invalid.isEmpty() && !found.chainHead().equals(walk.previousHash)) {
            walk.invalid = Optional.of(new ChainVerification.Invalid(Optional.empty(),
                    "the wallet's head " + found.chainHead() + " is not its last entry's hash " + walk.previousHash));
        }
        if (walk.invalid.isEmpty() && found.balance().amountMinor() != walk.balance) {
            walk.invalid = Optional.of(new ChainVerification.Invalid(Optional.empty(),
                    "the wallet's balance " + found.balance().amountMinor() + " is not its last entry's balance after, " + walk.balance));
        }
        return Optional.of(new ChainVerification(walletId, walk.invalid.isEmpty(), walk.entries, found.chainHead(), walk.invalid));
    }

    /** The state of one walk along the chain. */
    private static final class Walk {
        String previousHash = Wallet.CHAIN_START;
        long balance;
        long entries;
        Optional<ChainVerification.Invalid> invalid = Optional.empty();

        void step(StoredEntry entry) {
            entries++;
            if (invalid.isEmpty()) {
                String expected = EntryChain.hash(previousHash, entry.walletId(), entry.operationId(), entry.type(), entry.delta(),
                        entry.balanceAfter(), entry.decidedAt());
                if (!expected.equals(entry.hash())) {
                    invalid = Optional.of(new ChainVerification.Invalid(Optional.of(entry.operationId()),
                            "entry " + entries + " (" + entry.type() + " " + entry.delta() + ") has hash " + entry.hash()
                                    + " but its fields and the previous entry give " + expected
                                    + ": it was changed, or an entry before it was deleted, inserted or moved"));
                } else if (entry.balanceAfter() != balance + entry.delta()) {
                    invalid = Optional.of(new ChainVerification.Invalid(Optional.of(entry.operationId()),
                            "entry " + entries + " leaves " + entry.balanceAfter() + " but the one before left " + balance
                                    + " and it moves " + entry.delta()));
                }
            }
            previousHash = entry.hash();
            balance = entry.balanceAfter();
        }
    }
}
